import { AppError, isAppError } from '@wharf/errors';

import { RegistryClient } from './registry-client';
import type { RegistryCredentials } from './registry-credentials';
import { loginDomain, registryEndpoint } from './registry-endpoint';
import type { RegistrySettings } from './registry-settings';

/** Docker's `POST /auth` answer. */
export interface LoginResult {
  Status: 'Login Succeeded';
  IdentityToken: string;
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

/**
 * `docker login`: checks the credentials against the registry's `/v2/` (Basic, or the bearer
 * token flow its challenge names); nothing is stored by the engine (the CLI keeps credentials).
 * Refused credentials are a 401 with moby's `login attempt to <url> failed with status: …`.
 */
export async function loginToRegistry(
  settings: RegistrySettings,
  credentials: RegistryCredentials,
): Promise<LoginResult> {
  const domain = loginDomain(credentials.serveraddress ?? '');
  const endpoint = registryEndpoint(`${domain}/login`, settings.insecureRegistries);
  const client = new RegistryClient({ endpoint, credentials, actions: [], fetch: settings.fetch });
  const url = `${endpoint.baseUrl}/v2/`;
  let status: number;
  try {
    status = await client.checkLogin();
  } catch (error) {
    if (isAppError(error) && error.code === 'REGISTRY_UNREACHABLE') throw error;
    throw new AppError(
      'Unauthenticated',
      'LOGIN_FAILED',
      error instanceof Error ? error.message : String(error),
    );
  }
  if (status !== 200)
    throw new AppError(
      'Unauthenticated',
      'LOGIN_FAILED',
      `login attempt to ${url} failed with status: ${status} ${STATUS_TEXT[status] ?? ''}`.trim(),
    );
  return { Status: 'Login Succeeded', IdentityToken: '' };
}
