import { describe, expect, it } from 'vitest';

import { RegistryClient } from './registry-client';

/** A scripted registry: records every request; answers from `handler`. */
function fakeFetch(handler: (url: URL, init: RequestInit) => Response) {
  const calls: { method: string; url: string; authorization: string | null }[] = [];
  const fetch = ((input: string | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    calls.push({
      method: init.method ?? 'GET',
      url: url.toString(),
      authorization: new Headers(init.headers).get('authorization'),
    });
    return Promise.resolve(handler(url, init));
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const endpoint = { domain: 'reg.test', baseUrl: 'https://reg.test', path: 'team/app' };
const manifest = '{"schemaVersion":2}';

describe('RegistryClient auth', () => {
  it('follows the bearer flow with Basic credentials and the repository scope', async () => {
    const { fetch, calls } = fakeFetch((url, init) => {
      if (url.host === 'auth.test')
        return Response.json({ token: `tok-${url.searchParams.get('scope')}` });
      if (new Headers(init.headers).get('authorization')?.startsWith('Bearer tok-'))
        return new Response(manifest, { headers: { 'content-type': 'application/json' } });
      return new Response('', {
        status: 401,
        headers: {
          'www-authenticate': 'Bearer realm="https://auth.test/token",service="reg.test"',
        },
      });
    });
    const client = new RegistryClient({
      endpoint,
      credentials: { username: 'me', password: 'pw' },
      actions: ['pull'],
      fetch,
    });
    const fetched = await client.manifest('GET', 'v1');
    expect(fetched.bytes.toString()).toBe(manifest);
    const token = new URL(calls[1]?.url ?? '');
    expect(token.searchParams.get('service')).toBe('reg.test');
    expect(token.searchParams.get('scope')).toBe('repository:team/app:pull');
    expect(calls[1]?.authorization).toBe(`Basic ${Buffer.from('me:pw').toString('base64')}`);
    expect(calls[2]?.authorization).toBe('Bearer tok-repository:team/app:pull');
  });

  it('uses an identity token as a refresh token (POST to the realm)', async () => {
    const bodies: string[] = [];
    const { fetch } = fakeFetch((url, init) => {
      if (url.host === 'auth.test') {
        bodies.push(typeof init.body === 'string' ? init.body : '');
        return Response.json({ access_token: 'from-refresh' });
      }
      if (new Headers(init.headers).get('authorization') === 'Bearer from-refresh')
        return new Response(manifest);
      return new Response('', {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="https://auth.test/token"' },
      });
    });
    const client = new RegistryClient({
      endpoint,
      credentials: { identitytoken: 'refresh-me' },
      actions: ['pull'],
      fetch,
    });
    await client.manifest('GET', 'v1');
    expect(new URLSearchParams(bodies[0]).get('grant_type')).toBe('refresh_token');
    expect(new URLSearchParams(bodies[0]).get('refresh_token')).toBe('refresh-me');
  });

  it('says "no basic auth credentials" for a Basic registry without credentials', async () => {
    const { fetch } = fakeFetch(
      () => new Response('', { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } }),
    );
    const client = new RegistryClient({ endpoint, actions: ['pull'], fetch });
    await expect(client.manifest('HEAD', 'v1')).rejects.toThrow(
      'Head "https://reg.test/v2/team/app/manifests/v1": no basic auth credentials',
    );
  });

  it("names the request a token service's refusal was for, as dockerd's url.Error does", async () => {
    const { fetch } = fakeFetch((url) =>
      url.host === 'auth.test'
        ? Response.json(
            { errors: [{ code: 'UNAUTHORIZED', message: 'wrong login' }] },
            { status: 401 },
          )
        : new Response('', {
            status: 401,
            headers: { 'www-authenticate': 'Bearer realm="https://auth.test/token"' },
          }),
    );
    const client = new RegistryClient({
      endpoint,
      credentials: { username: 'me', password: 'bad' },
      actions: ['pull'],
      fetch,
    });
    await expect(client.manifest('HEAD', 'v1')).rejects.toThrow(
      'Head "https://reg.test/v2/team/app/manifests/v1": unauthorized: wrong login',
    );
  });
});
