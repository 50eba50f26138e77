import { spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createCertificateAuthority } from '@wharf/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freePort, waitFor } from '../../support/services';
import { type ApiClient, startWharfServer, type WharfServer } from '../../support/wharf-system';

const SERVICE = 'wharf-test-registry';
const ISSUER = 'wharf-test-issuer';
const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** A token for `scope` (`type:name:actions`), signed ES256 with the trusted key, as distribution expects. */
function issueToken(
  keyPem: string,
  certPem: string,
  scope: string | null,
  subject: string,
): string {
  const der = new X509Certificate(certPem).raw.toString('base64');
  const access = scope
    ? [
        {
          type: scope.split(':')[0],
          name: scope.split(':').slice(1, -1).join(':'),
          actions: (scope.split(':').at(-1) ?? '').split(','),
        },
      ]
    : [];
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c: [der] }));
  const claims = b64url(
    JSON.stringify({
      iss: ISSUER,
      sub: subject,
      aud: SERVICE,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomBytes(8).toString('hex'),
      access,
    }),
  );
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), {
    key: createPrivateKey(keyPem),
    dsaEncoding: 'ieee-p1363',
  });
  return `${header}.${claims}.${b64url(signature)}`;
}

/**
 * docker-registry with token authentication and a token service on loopback that grants any scope
 * to `user`/`password` over Basic: the bearer flow end to end, with the real registry checking tokens.
 */
async function startTokenRegistry(user: string, password: string) {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-token-registry-'));
  const ca = await createCertificateAuthority('wharf test token issuer');
  writeFileSync(join(dir, 'root.crt'), ca.certPem);
  const scopes: (string | null)[] = [];
  const tokens: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    if (req.headers.authorization !== expected || url.searchParams.get('service') !== SERVICE) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'wrong login' }] }));
      return;
    }
    scopes.push(url.searchParams.get('scope'));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        token: issueToken(ca.keyPem, ca.certPem, url.searchParams.get('scope'), user),
      }),
    );
  });
  const tokenPort = await freePort();
  await new Promise<void>((resolve) => tokens.listen(tokenPort, '127.0.0.1', resolve));
  const port = await freePort();
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog: {level: error}\nstorage:\n  filesystem: {rootdirectory: ${join(dir, 'data')}}\n` +
      `http: {addr: "127.0.0.1:${port}"}\nauth:\n  token:\n    realm: http://127.0.0.1:${tokenPort}/token\n` +
      `    service: ${SERVICE}\n    issuer: ${ISSUER}\n    rootcertbundle: ${join(dir, 'root.crt')}\n`,
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/v2/`)).status === 401, 'token registry');
  return {
    url,
    scopes,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await new Promise((resolve) => tokens.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('registries behind a token service (bearer flow, real docker-registry)', () => {
  let registry: Awaited<ReturnType<typeof startTokenRegistry>>;
  let server: WharfServer;
  let admin: ApiClient;

  beforeAll(async () => {
    registry = await startTokenRegistry('ci', 'token-pass');
    server = await startWharfServer();
    admin = await server.createAdmin();
  });
  afterAll(async () => {
    await server?.stop();
    await registry?.stop();
  });

  const add = async (password: string) =>
    (
      (
        await admin.request('POST', '/registries', {
          name: `tok-${randomBytes(3).toString('hex')}`,
          url: registry.url,
          username: 'ci',
          password,
        })
      ).body as { id: string }
    ).id;

  it('gets a token from the realm with the stored credentials, then is let in', async () => {
    const id = await add('token-pass');
    const test = await admin.request('POST', `/registries/${id}/test`);
    expect(test.body).toEqual({
      ok: true,
      message: 'connected (bearer token)',
      auth: 'bearer',
      status: 200,
    });
    const catalog = await admin.request('GET', `/registries/${id}/repositories`);
    expect(catalog.status, JSON.stringify(catalog.body)).toBe(200);
    expect(catalog.body).toEqual({ repositories: [], next: null });
    expect(registry.scopes).toContain('registry:catalog:*');
  });

  it('reports the token service refusing a wrong password', async () => {
    const id = await add('wrong-pass');
    const test = await admin.request('POST', `/registries/${id}/test`);
    expect(test.body).toMatchObject({ ok: false, auth: 'bearer', status: 401 });
    expect((test.body as { message: string }).message).toBe(
      "the registry's token service refused the credentials of ci (401: UNAUTHORIZED: wrong login)",
    );
  });
});
