/** Credentials for one registry, as the CLI sends them (`X-Registry-Auth`, `POST /auth`). */
export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** An OAuth refresh token from an earlier login (used instead of the password). */
  identitytoken?: string;
  /** A bearer token to send as is. */
  registrytoken?: string;
  serveraddress?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Keeps the known fields of a parsed auth object; anything else yields no credentials. */
export function credentialsFrom(value: unknown): RegistryCredentials | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const credentials: RegistryCredentials = {
    username: text(record['username']),
    password: text(record['password']),
    identitytoken: text(record['identitytoken']),
    registrytoken: text(record['registrytoken']),
    serveraddress: text(record['serveraddress']),
  };
  const usable =
    (credentials.username !== undefined && credentials.password !== undefined) ||
    credentials.identitytoken !== undefined ||
    credentials.registrytoken !== undefined;
  return usable ? credentials : undefined;
}

/**
 * Decodes the `X-Registry-Auth` header: base64url (padded or not, standard base64 accepted too)
 * of a JSON auth config. A missing, empty (`e30=` is `{}`) or undecodable header means anonymous,
 * as in dockerd.
 */
export function decodeRegistryAuth(header: string | undefined): RegistryCredentials | undefined {
  if (!header) return undefined;
  try {
    const json = Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString(
      'utf8',
    );
    return credentialsFrom(JSON.parse(json));
  } catch {
    return undefined;
  }
}
