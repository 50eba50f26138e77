import { Readable } from 'node:stream';

import { AppError } from '@wharf/errors';

import { MANIFEST_ACCEPT } from './media-types';
import type { RegistryCredentials } from './registry-credentials';
import type { RegistryEndpoint } from './registry-endpoint';
import { challengeErrors, parseErrorBody, RegistryError, registryError } from './registry-errors';
import { parseWwwAuthenticate, type AuthChallenge } from './www-authenticate';

export interface RegistryClientOptions {
  endpoint: RegistryEndpoint;
  credentials?: RegistryCredentials;
  /** Scope actions to ask a token server for (`pull`, `push`). */
  actions: string[];
  /** Aborts every request (the API client went away). */
  signal?: AbortSignal;
  /** Injected for tests; the global fetch (undici) otherwise. */
  fetch?: typeof fetch;
}

/** A fetched manifest: the exact bytes (digests are over them), their type and digest header. */
export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  /** `Docker-Content-Digest` as the registry sent it, if it did. */
  digest?: string;
}

const USER_AGENT = 'wharfd (docker-compatible registry client)';

/**
 * A client for one repository on one registry (Docker registry HTTP API v2). Authentication
 * follows the challenge of `/v2/`: none, Basic from the credentials, or a Bearer token from the
 * challenge's realm (Basic credentials, an identity token, or anonymous). Every request goes to
 * `endpoint.baseUrl`; redirects (blob storage) are followed by fetch without the Authorization.
 */
export class RegistryClient {
  private readonly fetch: typeof fetch;
  private challenge: AuthChallenge | undefined;
  private authorization: string | undefined;
  private pinged = false;

  constructor(private readonly options: RegistryClientOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  get endpoint(): RegistryEndpoint {
    return this.options.endpoint;
  }

  /** `GET /v2/`: learns the auth challenge; anything but 200/401 is an error. */
  async ping(): Promise<void> {
    const url = `${this.endpoint.baseUrl}/v2/`;
    const response = await this.send('GET', url, {});
    await response.body?.cancel();
    this.pinged = true;
    if (response.status === 401) {
      this.challenge = this.pickChallenge(response);
      return;
    }
    if (!response.ok)
      throw registryError({ method: 'GET', url, status: response.status, errors: [] });
  }

  /**
   * The login check: `/v2/` again with the credentials the challenge asks for. Returns the
   * status of that authenticated request (200 when the registry accepts them).
   */
  async checkLogin(): Promise<number> {
    if (!this.pinged) await this.ping();
    if (!this.challenge) return 200;
    const url = `${this.endpoint.baseUrl}/v2/`;
    await this.authorizeFor('GET', url);
    const response = await this.send('GET', url, {
      headers: this.authorization ? { authorization: this.authorization } : {},
    });
    await response.body?.cancel();
    return response.status;
  }

  /** `HEAD`/`GET` a manifest by tag or digest; `undefined` body for HEAD. */
  async manifest(method: 'HEAD' | 'GET', reference: string): Promise<FetchedManifest> {
    const response = await this.request(method, `manifests/${reference}`, {
      headers: { accept: MANIFEST_ACCEPT },
    });
    const bytes = method === 'GET' ? Buffer.from(await response.arrayBuffer()) : Buffer.alloc(0);
    return {
      bytes,
      mediaType: (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '',
      digest: response.headers.get('docker-content-digest') ?? undefined,
    };
  }

  /** `GET` a blob: its body as a Node stream and its length when the registry says it. */
  async blob(digest: string): Promise<{ stream: Readable; length?: number }> {
    const response = await this.request('GET', `blobs/${digest}`, {});
    const length = Number(response.headers.get('content-length') ?? NaN);
    if (!response.body) return { stream: Readable.from([]), length: 0 };
    return {
      stream: Readable.fromWeb(response.body),
      length: Number.isFinite(length) ? length : undefined,
    };
  }

  /** `HEAD` a blob in this repository: true when the registry has it. */
  async hasBlob(digest: string): Promise<boolean> {
    const response = await this.request('HEAD', `blobs/${digest}`, {}, [404]);
    return response.status !== 404;
  }

  /**
   * Uploads a blob: `POST /blobs/uploads/`, then one streamed `PATCH` with the data and the
   * closing `PUT ?digest=` (the chunked upload dockerd uses, so nothing is buffered in memory).
   */
  async uploadBlob(digest: string, size: number, data: () => Readable): Promise<void> {
    const start = await this.request('POST', 'blobs/uploads/', {
      headers: { 'content-length': '0' },
    });
    await start.body?.cancel();
    const patchUrl = this.absolute(start.headers.get('location') ?? '');
    const patched = await this.requestUrl('PATCH', patchUrl, {
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
      body: Readable.toWeb(data()),
      duplex: 'half',
    });
    await patched.body?.cancel();
    const putUrl = new URL(this.absolute(patched.headers.get('location') ?? patchUrl));
    putUrl.searchParams.set('digest', digest);
    const put = await this.requestUrl('PUT', putUrl.toString(), {
      headers: { 'content-length': '0' },
    });
    await put.body?.cancel();
  }

  /** `PUT` a manifest under a tag; returns the digest the registry computed. */
  async putManifest(tag: string, mediaType: string, bytes: Buffer): Promise<string | undefined> {
    const response = await this.request('PUT', `manifests/${tag}`, {
      headers: { 'content-type': mediaType },
      body: bytes,
    });
    await response.body?.cancel();
    return response.headers.get('docker-content-digest') ?? undefined;
  }

  private absolute(location: string): string {
    return new URL(location, this.endpoint.baseUrl).toString();
  }

  private request(
    method: string,
    path: string,
    init: RequestInit,
    allowed: number[] = [],
  ): Promise<Response> {
    return this.requestUrl(
      method,
      `${this.endpoint.baseUrl}/v2/${this.endpoint.path}/${path}`,
      init,
      allowed,
    );
  }

  /** One request with auth; a 401 after authenticating is an error, as any non-2xx not `allowed`. */
  private async requestUrl(
    method: string,
    url: string,
    init: RequestInit,
    allowed: number[] = [],
  ): Promise<Response> {
    if (!this.pinged) await this.ping();
    if (this.challenge && !this.authorization) await this.authorizeFor(method, url);
    const headers = new Headers(init.headers);
    if (this.authorization) headers.set('authorization', this.authorization);
    const response = await this.send(method, url, { ...init, headers });
    if (response.ok || allowed.includes(response.status)) return response;
    const text = method === 'HEAD' ? '' : await response.text().catch(() => '');
    const errors = [
      ...challengeErrors(response.status, response.headers.get('www-authenticate')),
      ...parseErrorBody(text),
    ];
    throw registryError({ method, url, status: response.status, errors });
  }

  private async send(method: string, url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('user-agent', USER_AGENT);
    try {
      return await this.fetch(url, { ...init, method, headers, signal: this.options.signal });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new AppError(
        'Unavailable',
        'REGISTRY_UNREACHABLE',
        `${goMethod(method)} "${url}": ${cause ?? (error as Error).message}`,
        { cause: error },
      );
    }
  }

  private pickChallenge(response: Response): AuthChallenge | undefined {
    const challenges = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '');
    return (
      challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic')
    );
  }

  /**
   * Authorizes before the request to `url`; a token service's refusal names that request, as the
   * url.Error of Go's transport does in dockerd (`Get "https://reg/v2/": unauthorized: …`).
   */
  private async authorizeFor(method: string, url: string): Promise<void> {
    try {
      await this.authorize(method, url);
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      // Not a RegistryError any more: moby translates no url.Error into "pull access denied".
      throw new AppError(
        error.category,
        'REGISTRY_AUTH_FAILED',
        `${goMethod(method)} "${url}": ${error.message}`,
        { cause: error, details: { status: error.failure.status } },
      );
    }
  }

  private async authorize(method: string, url: string): Promise<void> {
    const challenge = this.challenge;
    if (!challenge) return;
    const credentials = this.options.credentials;
    if (challenge.scheme === 'basic') {
      if (!credentials?.username || credentials.password === undefined)
        throw new AppError(
          'PermissionDenied',
          'NO_BASIC_AUTH_CREDENTIALS',
          `${goMethod(method)} "${url}": no basic auth credentials`,
        );
      this.authorization = basicAuth(credentials.username, credentials.password);
      return;
    }
    if (credentials?.registrytoken) {
      this.authorization = `Bearer ${credentials.registrytoken}`;
      return;
    }
    this.authorization = `Bearer ${await this.fetchToken(challenge)}`;
  }

  /** Docker's token flow: GET realm (Basic or anonymous), or POST for an identity token. */
  private async fetchToken(challenge: AuthChallenge): Promise<string> {
    const { realm, service } = challenge.params;
    if (!realm)
      throw new AppError('Unavailable', 'BAD_CHALLENGE', 'bearer challenge without a realm');
    const scope =
      this.options.actions.length > 0
        ? `repository:${this.endpoint.path}:${this.options.actions.join(',')}`
        : undefined;
    const credentials = this.options.credentials;
    const url = new URL(realm);
    let response: Response;
    if (credentials?.identitytoken) {
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: credentials.identitytoken,
        client_id: 'docker',
        ...(service ? { service } : {}),
        ...(scope ? { scope } : {}),
      });
      response = await this.send('POST', url.toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    } else {
      if (service) url.searchParams.set('service', service);
      if (scope) url.searchParams.set('scope', scope);
      if (credentials?.username) url.searchParams.set('account', credentials.username);
      const headers: Record<string, string> =
        credentials?.username && credentials.password !== undefined
          ? { authorization: basicAuth(credentials.username, credentials.password) }
          : {};
      response = await this.send('GET', url.toString(), { headers });
    }
    const text = await response.text();
    if (!response.ok)
      throw registryError({
        method: credentials?.identitytoken ? 'POST' : 'GET',
        url: url.toString(),
        status: response.status,
        errors: parseErrorBody(text),
      });
    const body = JSON.parse(text) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token)
      throw new AppError('Unavailable', 'BAD_TOKEN', `token server ${realm} sent no token`);
    return token;
  }
}

/** Go's `url.Error` spells the method `Get`, `Head`. */
function goMethod(method: string): string {
  return `${method[0] ?? ''}${method.slice(1).toLowerCase()}`;
}

function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
