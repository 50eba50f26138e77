import { describe, expect, it } from 'vitest';

import { decodeRegistryAuth } from './registry-credentials';

const encode = (value: object, url = true) => {
  const b64 = Buffer.from(JSON.stringify(value)).toString('base64');
  return url ? b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : b64;
};

describe('X-Registry-Auth', () => {
  it('decodes base64url and standard base64 auth configs', () => {
    const auth = { username: 'me', password: 'p?>~', serveraddress: '127.0.0.1:5000' };
    expect(decodeRegistryAuth(encode(auth))).toMatchObject(auth);
    expect(decodeRegistryAuth(encode(auth, false))).toMatchObject(auth);
    expect(decodeRegistryAuth(encode({ identitytoken: 'tok' }))?.identitytoken).toBe('tok');
  });

  it('treats empty, partial and broken headers as anonymous', () => {
    expect(decodeRegistryAuth(undefined)).toBeUndefined();
    expect(decodeRegistryAuth('e30=')).toBeUndefined();
    expect(decodeRegistryAuth(encode({ username: 'only' }))).toBeUndefined();
    expect(decodeRegistryAuth('%%%not-base64')).toBeUndefined();
  });
});
