import { randomBytes } from 'node:crypto';

import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SecretBox } from '../../../apps/server/src/modules/secrets/secret-box';
import { type ApiClient, startWharfServer, type WharfServer } from '../../support/wharf-system';
import { createUser, loginAs, sqlOf, USER_PASSWORD } from './identity-helpers';

async function storedSecret(server: WharfServer, userId: string): Promise<string> {
  const rows = await server.sql(sqlOf(server, 'SELECT "totpSecret" FROM "User" WHERE id = ?'), [
    userId,
  ]);
  return String(rows[0]?.['totpSecret']);
}

describe.each(['sqlite', 'postgresql'] as const)(
  'TOTP secrets sealed at rest on %s',
  (database) => {
    const key = randomBytes(32);
    let server: WharfServer;
    let admin: ApiClient;

    beforeAll(async () => {
      server = await startWharfServer({
        database,
        env: { WHARF_SECRET_KEY: key.toString('base64') },
      });
      admin = await server.createAdmin();
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('enrollment stores the secret sealed, and codes from the app still work', async () => {
      const user = await createUser(admin, 'sealed-totp');
      const client = await loginAs(server, 'sealed-totp');
      const { secret } = (await client.request('POST', '/auth/totp/enroll')).body as {
        secret: string;
      };
      const stored = await storedSecret(server, user.id);
      expect(stored).toMatch(/^v1:/);
      expect(stored).not.toContain(secret);
      expect(new SecretBox(key).open(stored)).toBe(secret);
      const confirmed = await client.request('POST', '/auth/totp/confirm', {
        code: authenticator.generate(secret),
      });
      expect(confirmed.status).toBe(200);
      const wrong = await server.api().request('POST', '/auth/login', {
        username: 'sealed-totp',
        password: USER_PASSWORD,
        totp: authenticator.generate(secret) === '123456' ? '654321' : '123456',
      });
      expect(wrong.status).toBe(401);
      await loginAs(server, 'sealed-totp', USER_PASSWORD, authenticator.generate(secret));
    });

    it('a secret stored in clear before sealing keeps working and is sealed on first read', async () => {
      const user = await createUser(admin, 'legacy-totp');
      const secret = authenticator.generateSecret();
      await server.sql(
        sqlOf(server, 'UPDATE "User" SET "totpSecret" = ?, "totpEnabled" = ? WHERE id = ?'),
        [secret, database === 'sqlite' ? 1 : true, user.id],
      );
      expect(await storedSecret(server, user.id)).toBe(secret);
      await loginAs(server, 'legacy-totp', USER_PASSWORD, authenticator.generate(secret));
      const stored = await storedSecret(server, user.id);
      expect(stored).toMatch(/^v1:/);
      expect(new SecretBox(key).open(stored)).toBe(secret);
    });
  },
);
