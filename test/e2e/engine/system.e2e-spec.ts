import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEngine, type TestEngine } from '../../support/engine';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('engine e2e tests need root in CI');

describe.runIf(isRoot)('wharfd system API through the docker CLI', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(async () => {
    await engine?.stop();
  });

  it('negotiates the API version and reports the engine', () => {
    const result = engine.docker([
      'version',
      '--format',
      '{{.Server.APIVersion}} {{.Server.Version}} {{.Client.APIVersion}}',
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('1.44 25.0.0-wharf 1.44');
  });

  it('reports real host facts in info', () => {
    const result = engine.docker(['info', '--format', '{{json .}}']);
    expect(result.code).toBe(0);
    const info = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(info['DefaultRuntime']).toBe('runc');
    expect(info['OSType']).toBe('linux');
    expect(Number(info['NCPU'])).toBeGreaterThan(0);
    expect(info['DockerRootDir']).toBe(engine.dataDir);
    expect(info['Runtimes']).not.toHaveProperty('crun');
  });

  it("answers unknown containers with Docker's message and exit code", () => {
    const result = engine.docker(['inspect', '--type', 'container', 'nope-not-here']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No such container: nope-not-here');
  });

  it('refuses API versions it does not speak', async () => {
    const response = await fetchOverSocket(engine.socket, '/v1.99/info');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      message: 'client version 1.99 is too new. Maximum supported API version is 1.44',
    });
  });

  it('answers unknown routes with 404 page not found, and swarm endpoints like a non-swarm node', async () => {
    expect(await fetchOverSocket(engine.socket, '/v1.44/nothing/here')).toMatchObject({
      status: 404,
      body: '{"message":"page not found"}\n',
    });
    const swarm = engine.docker(['node', 'ls']);
    expect(swarm.code).not.toBe(0);
    expect(swarm.stderr).toContain('This node is not a swarm manager');
  });

  it('lists no containers on a fresh engine, in every output form', () => {
    expect(engine.docker(['ps', '-aq']).stdout).toBe('');
    expect(engine.docker(['ps', '-a', '--format', '{{json .}}']).stdout).toBe('');
  });
});

function fetchOverSocket(
  socketPath: string,
  path: string,
): Promise<{ status: number; body: string }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const http = require('node:http') as typeof import('node:http');
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
