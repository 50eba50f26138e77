import { describe, expect, it } from 'vitest';

import { parseWwwAuthenticate } from './www-authenticate';

describe('parseWwwAuthenticate', () => {
  it('reads a bearer challenge with quoted params and a comma inside the scope', () => {
    expect(
      parseWwwAuthenticate(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:team/app:pull,push"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.example/token',
          service: 'registry.example',
          scope: 'repository:team/app:pull,push',
        },
      },
    ]);
  });

  it('reads Basic, escapes, bare values and several challenges', () => {
    expect(parseWwwAuthenticate('Basic realm="wharf \\"test\\""')).toEqual([
      { scheme: 'basic', params: { realm: 'wharf "test"' } },
    ]);
    expect(
      parseWwwAuthenticate('Basic realm=plain, Bearer realm="r", error="invalid_token"'),
    ).toEqual([
      { scheme: 'basic', params: { realm: 'plain' } },
      { scheme: 'bearer', params: { realm: 'r', error: 'invalid_token' } },
    ]);
  });

  it('gives nothing for an empty or garbage header', () => {
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate('  ,,')).toEqual([]);
  });
});
