import { describe, expect, it } from 'vitest';

import { parseChallenge } from './registry-challenge';
import { RegistryClient, type RegistryEndpoint } from './registry-client';

interface Call {
  url: string;
  authorization: string | undefined;
}

/** A scripted registry: answers by URL and Authorization header, recording every call. */
function scripted(handler: (url: URL, authorization: string | undefined) => Response) {
  const calls: Call[] = [];
  const fetchFn = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    const authorization = (init?.headers as Record<string, string> | undefined)?.['authorization'];
    calls.push({ url: url.href, authorization });
    return Promise.resolve(handler(url, authorization));
  };
  return { calls, client: new RegistryClient(fetchFn, 1000) };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const endpoint = (username: string | null, password: string | null): RegistryEndpoint => ({
  url: 'https://registry.test',
  username,
  password,
});

const BEARER =
  'Bearer realm="https://auth.test/token",service="registry.test",scope="registry:catalog:*"';

function bearerRegistry(user: string, password: string) {
  return scripted((url, auth) => {
    if (url.origin === 'https://auth.test')
      return auth === basic(user, password)
        ? json({ token: 'tok-1' })
        : json({ errors: [{ code: 'UNAUTHORIZED', message: 'bad login' }] }, 401);
    if (auth === 'Bearer tok-1') return json({ repositories: ['a/b', 'c'] });
    return json({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, 401, {
      'www-authenticate': BEARER,
    });
  });
}

describe('RegistryClient', () => {
  it('follows the bearer token flow: challenge, token from the realm with Basic, then the call', async () => {
    const { client, calls } = bearerRegistry('ci', 'pw');
    const page = await client.catalog(endpoint('ci', 'pw'), 10);
    expect(page).toEqual({ repositories: ['a/b', 'c'], next: null });
    expect(calls.map((c) => [c.url, c.authorization])).toEqual([
      ['https://registry.test/v2/_catalog?n=10', undefined],
      [
        'https://auth.test/token?service=registry.test&scope=registry%3Acatalog%3A*',
        basic('ci', 'pw'),
      ],
      ['https://registry.test/v2/_catalog?n=10', 'Bearer tok-1'],
    ]);
  });

  it('reports a token service refusal in the registry words', async () => {
    const { client } = bearerRegistry('ci', 'pw');
    const result = await client.check(endpoint('ci', 'wrong'));
    expect(result).toMatchObject({ ok: false, auth: 'bearer', status: 401 });
    expect(result.message).toMatch(/token service refused the credentials of ci.*bad login/);
    await expect(client.catalog(endpoint('ci', 'wrong'), 10)).rejects.toMatchObject({
      category: 'FailedPrecondition',
      code: 'REGISTRY_AUTH_FAILED',
    });
  });

  it('answers Basic challenges with the stored credentials and says when they are refused', async () => {
    const { client, calls } = scripted((_url, auth) =>
      auth === basic('u', 'p')
        ? json({})
        : json({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, 401, {
            'www-authenticate': 'Basic realm="test"',
          }),
    );
    expect(await client.check(endpoint('u', 'p'))).toMatchObject({ ok: true, auth: 'basic' });
    expect(calls.at(-1)?.authorization).toBe(basic('u', 'p'));
    const refused = await client.check(endpoint('u', 'nope'));
    expect(refused).toMatchObject({ ok: false, auth: 'basic', status: 401 });
    expect(refused.message).toBe(
      'the registry refused the credentials of u (Basic authentication: UNAUTHORIZED: authentication required)',
    );
    expect((await client.check(endpoint(null, null))).message).toMatch(/requires credentials/);
  });

  it('pages the catalog with n and last, and follows tag pages', async () => {
    const { client } = scripted((url) => {
      if (url.pathname === '/v2/_catalog')
        return json({ repositories: ['a', 'b'] }, 200, {
          link: '</v2/_catalog?last=b&n=2>; rel="next"',
        });
      if (url.searchParams.get('last') === 't2') return json({ name: 'x/y', tags: ['t3'] });
      return json({ name: 'x/y', tags: ['t1', 't2'] }, 200, {
        link: '</v2/x/y/tags/list?last=t2&n=2>; rel="next"',
      });
    });
    expect(await client.catalog(endpoint(null, null), 2, 'a0')).toEqual({
      repositories: ['a', 'b'],
      next: 'b',
    });
    expect(await client.tags(endpoint(null, null), 'x/y')).toEqual({
      repository: 'x/y',
      tags: ['t1', 't2', 't3'],
    });
  });

  it('turns unknown repositories into 404s and unreachable registries into clear messages', async () => {
    const { client } = scripted(() =>
      json(
        { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] },
        404,
      ),
    );
    await expect(client.tags(endpoint(null, null), 'nope')).rejects.toMatchObject({
      category: 'NotFound',
      message: expect.stringMatching(/NAME_UNKNOWN/) as unknown,
    });
    const down = new RegistryClient(() =>
      Promise.reject(
        new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }),
      ),
    );
    const result = await down.check({ url: 'http://127.0.0.1:1', username: null, password: null });
    expect(result).toEqual({
      ok: false,
      auth: 'none',
      status: null,
      message: 'cannot reach the registry at http://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1',
    });
  });

  it('reports a registry that does not answer in time', async () => {
    const hanging = new RegistryClient(
      (_url, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)),
        ),
      50,
    );
    const result = await hanging.check({
      url: 'http://127.0.0.1:2',
      username: null,
      password: null,
    });
    expect(result.message).toBe('the registry at http://127.0.0.1:2 did not answer within 0.05 s');
  });
});

describe('parseChallenge', () => {
  it('reads quoted parameters with commas and escapes', () => {
    expect(
      parseChallenge('Bearer realm="https://a/t",service="reg",scope="repository:x/y:pull,push"'),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://a/t', service: 'reg', scope: 'repository:x/y:pull,push' },
    });
    expect(parseChallenge('Basic realm="say \\"hi\\""')).toEqual({
      scheme: 'basic',
      params: { realm: 'say "hi"' },
    });
    expect(parseChallenge(null)).toBeNull();
  });
});
