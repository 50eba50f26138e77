import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startEngine, type TestEngine } from '../../support/engine';
import { startTokenRegistry, type TokenRegistry } from '../../support/token-registry';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('engine e2e tests need root in CI');

/**
 * The engine's registry client against a real docker-registry with `auth: token`: every request
 * carries a Bearer token from the registry's realm, and the registry checks each token's access,
 * so a token asked with the wrong scope fails the operation.
 */
describe.runIf(isRoot)('registry behind a token service, with the stock docker CLI', () => {
  let engine: TestEngine;
  let registry: TokenRegistry;
  const work = mkdtempSync(join(tmpdir(), 'wharf-bearer-e2e-'));
  let image: string;
  let pushedDigest: string;

  beforeAll(async () => {
    [engine, registry] = await Promise.all([
      startEngine(),
      startTokenRegistry([
        { username: 'ci', password: 'token-pass' },
        { username: 'reader', password: 'read-pass', actions: ['pull'] },
      ]),
    ]);
    image = `${registry.address}/private/busybox:1`;
    const tar = buildBusyboxRootfsTar(work);
    expect(
      engine.docker(['import', '-c', 'CMD ["echo","through the bearer flow"]', tar, image]).code,
    ).toBe(0);
  });
  afterAll(async () => {
    await engine?.stop();
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const login = (username: string, password: string) =>
    engine.docker(['login', registry.address, '-u', username, '--password-stdin'], {
      input: `${password}\n`,
    });
  /** Token requests made while `run` ran. */
  const tokenRequestsDuring = <T>(run: () => T) => {
    const before = registry.requests.length;
    const result = run();
    return { result, requests: registry.requests.slice(before) };
  };

  it('docker login: the token service refuses a wrong password, and accepts the right one', () => {
    const wrong = login('ci', 'wrong-pass');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      `Error response from daemon: Get "http://${registry.address}/v2/": unauthorized: wrong login`,
    );
    const { result: right, requests } = tokenRequestsDuring(() => login('ci', 'token-pass'));
    expect(right.stderr).not.toContain('Error');
    expect(right.code).toBe(0);
    expect(right.stdout).toContain('Login Succeeded');
    // A login asks for a token without a scope: only /v2/ is checked.
    expect(requests).toEqual([{ scope: null, username: 'ci' }]);
  });

  it('docker push asks for a pull,push token and the registry accepts the upload', () => {
    const { result: push, requests } = tokenRequestsDuring(() => engine.docker(['push', image]));
    expect(push.stderr).toBe('');
    expect(push.code).toBe(0);
    expect(push.stdout).toMatch(/[0-9a-f]{12}: Pushed\n/);
    const digest = /1: digest: (sha256:[0-9a-f]{64}) size: \d+/.exec(push.stdout)?.[1];
    expect(digest).toBeDefined();
    pushedDigest = digest ?? '';
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests)
      expect(request).toEqual({ scope: 'repository:private/busybox:pull,push', username: 'ci' });
  });

  it('docker pull asks for a pull token, then the image runs', () => {
    expect(engine.docker(['rmi', image]).code).toBe(0);
    const { result: pull, requests } = tokenRequestsDuring(() => engine.docker(['pull', image]));
    expect(pull.stderr).toBe('');
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain(`Digest: ${pushedDigest}`);
    expect(pull.stdout).toContain(`Status: Downloaded newer image for ${image}`);
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests)
      expect(request).toEqual({ scope: 'repository:private/busybox:pull', username: 'ci' });
    expect(engine.docker(['run', '--rm', '--network', 'none', image]).stdout).toBe(
      'through the bearer flow\n',
    );
  });

  it('a pull without login gets an anonymous token, and the registry denies it as dockerd says', () => {
    expect(engine.docker(['logout', registry.address]).code).toBe(0);
    expect(engine.docker(['rmi', image]).code).toBe(0);
    const { result: pull, requests } = tokenRequestsDuring(() => engine.docker(['pull', image]));
    expect(pull.code).toBe(1);
    expect(pull.stderr).toContain(
      `Error response from daemon: pull access denied for ${registry.address}/private/busybox, ` +
        "repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
    expect(requests).toEqual([{ scope: 'repository:private/busybox:pull', username: null }]);
    expect(engine.docker(['images', '-q', `${registry.address}/private/busybox`]).stdout).toBe('');
  });

  it('a user whose tokens carry only pull can pull but not push', () => {
    expect(login('reader', 'read-pass').code).toBe(0);
    const pull = engine.docker(['pull', image]);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain(`Digest: ${pushedDigest}`);
    const copy = `${registry.address}/private/busybox:copy`;
    expect(engine.docker(['tag', image, copy]).code).toBe(0);
    const push = engine.docker(['push', copy]);
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('denied: requested access to the resource is denied');
  });
});
