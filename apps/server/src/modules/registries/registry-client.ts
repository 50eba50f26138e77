import {
  type RegistryRepositoriesPage,
  type RegistryTags,
  type RegistryTestResult,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';

import { nextLink, parseChallenge, type RegistryChallenge } from './registry-challenge';

/** Where a registry is and how to sign in to it (the password already opened from the SecretBox). */
export interface RegistryEndpoint {
  url: string;
  username: string | null;
  password: string | null;
}

type Fetch = typeof fetch;
type AuthKind = RegistryTestResult['auth'];

const MAX_TAG_PAGES = 50;

interface Answer {
  response: Response;
  auth: AuthKind;
}

/** A registry's own words for a failure: `{ errors: [{ code, message }] }` of the v2 API. */
async function registryMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    const first = body.errors?.[0];
    if (first !== undefined) return [first.code, first.message].filter(Boolean).join(': ');
  } catch {
    // Not JSON: fall through to the text, trimmed.
  }
  return text.trim().slice(0, 200) || `HTTP ${response.status} ${response.statusText}`.trim();
}

/**
 * Talks to a Docker registry's HTTP API v2 for the server: every call has a timeout; Basic or the
 * bearer token flow (`WWW-Authenticate: Bearer realm,service,scope` → GET realm with Basic → token)
 * as the registry asks. Failures are AppErrors whose message says what the registry answered.
 */
export class RegistryClient {
  constructor(
    private readonly fetchFn: Fetch = fetch,
    private readonly timeoutMs = 10_000,
  ) {}

  /** `GET /v2/`: ok when the registry accepts the stored credentials (or needs none). */
  async check(endpoint: RegistryEndpoint): Promise<RegistryTestResult> {
    try {
      const { response, auth } = await this.get(endpoint, new URL(`${endpoint.url}/v2/`), '');
      if (response.ok)
        return {
          ok: true,
          message: `connected (${authText(auth)})`,
          auth,
          status: response.status,
        };
      return {
        ok: false,
        message: await this.failureText(endpoint, response, auth),
        auth,
        status: response.status,
      };
    } catch (error) {
      if (error instanceof RegistryCallError)
        return { ok: false, message: error.message, auth: error.auth, status: error.status };
      throw error;
    }
  }

  async catalog(
    endpoint: RegistryEndpoint,
    n: number,
    last?: string,
  ): Promise<RegistryRepositoriesPage> {
    const url = new URL(`${endpoint.url}/v2/_catalog`);
    url.searchParams.set('n', String(n));
    if (last !== undefined) url.searchParams.set('last', last);
    const response = await this.ok(endpoint, url, 'registry:catalog:*', 'the catalog');
    const body = (await response.json()) as { repositories?: string[] | null };
    const next = nextLink(response.headers.get('link'), url.href);
    return { repositories: body.repositories ?? [], next: next?.searchParams.get('last') ?? null };
  }

  /** Every tag of one repository (following `Link: rel="next"` pages). */
  async tags(endpoint: RegistryEndpoint, repository: string): Promise<RegistryTags> {
    const tags: string[] = [];
    let url: URL | null = new URL(`${endpoint.url}/v2/${repository}/tags/list`);
    for (let page = 0; url !== null && page < MAX_TAG_PAGES; page++) {
      const response = await this.ok(endpoint, url, `repository:${repository}:pull`, repository);
      const body = (await response.json()) as { tags?: string[] | null };
      tags.push(...(body.tags ?? []));
      url = nextLink(response.headers.get('link'), url.href);
    }
    return { repository, tags };
  }

  private async ok(
    endpoint: RegistryEndpoint,
    url: URL,
    scope: string,
    what: string,
  ): Promise<Response> {
    let answer: Answer;
    try {
      answer = await this.get(endpoint, url, scope);
    } catch (error) {
      if (error instanceof RegistryCallError)
        throw new AppError(error.category, error.code, error.message);
      throw error;
    }
    const { response, auth } = answer;
    if (response.ok) return response;
    const message = await this.failureText(endpoint, response, auth);
    if (response.status === 404)
      throw new AppError(
        'NotFound',
        'REGISTRY_NOT_FOUND',
        `the registry has no ${what}: ${message}`,
      );
    if (response.status === 401 || response.status === 403)
      throw new AppError('FailedPrecondition', 'REGISTRY_AUTH_FAILED', message);
    throw new AppError('Unavailable', 'REGISTRY_ERROR', message);
  }

  private async failureText(
    endpoint: RegistryEndpoint,
    response: Response,
    auth: AuthKind,
  ): Promise<string> {
    const said = await registryMessage(response);
    if (response.status !== 401 && response.status !== 403)
      return `the registry answered ${response.status}: ${said}`;
    if (endpoint.username === null)
      return `the registry requires credentials (${said}); add a username and password`;
    return `the registry refused the credentials of ${endpoint.username} (${authText(auth)}: ${said})`;
  }

  /** One GET, answering the registry's challenge once: Basic, or a bearer token from its realm. */
  private async get(endpoint: RegistryEndpoint, url: URL, scope: string): Promise<Answer> {
    const first = await this.fetch(url, {}, endpoint.url);
    if (first.status !== 401) return { response: first, auth: 'none' };
    const challenge = parseChallenge(first.headers.get('www-authenticate'));
    if (challenge?.scheme === 'bearer') {
      await first.body?.cancel();
      const token = await this.bearerToken(endpoint, challenge, scope);
      const response = await this.fetch(url, { authorization: `Bearer ${token}` }, endpoint.url);
      return { response, auth: 'bearer' };
    }
    const basic = basicHeader(endpoint);
    if (basic === undefined) return { response: first, auth: 'basic' };
    await first.body?.cancel();
    return {
      response: await this.fetch(url, { authorization: basic }, endpoint.url),
      auth: 'basic',
    };
  }

  private async bearerToken(
    endpoint: RegistryEndpoint,
    challenge: RegistryChallenge,
    scope: string,
  ): Promise<string> {
    const realm = challenge.params['realm'];
    let url: URL;
    try {
      url = new URL(realm ?? '');
    } catch {
      throw new RegistryCallError(
        'the registry asked for a token without a usable realm',
        'bearer',
        401,
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new RegistryCallError(
        `the registry's token realm ${url.href} is not http(s)`,
        'bearer',
        401,
      );
    if (challenge.params['service']) url.searchParams.set('service', challenge.params['service']);
    const wanted = challenge.params['scope'] ?? scope;
    if (wanted) url.searchParams.set('scope', wanted);
    const basic = basicHeader(endpoint);
    const response = await this.fetch(
      url,
      basic === undefined ? {} : { authorization: basic },
      url.origin,
    );
    if (!response.ok) {
      const said = await registryMessage(response);
      const who =
        endpoint.username === null ? 'anonymous access' : `the credentials of ${endpoint.username}`;
      throw new RegistryCallError(
        `the registry's token service refused ${who} (${response.status}: ${said})`,
        'bearer',
        response.status,
        response.status === 401 || response.status === 403 ? 'FailedPrecondition' : 'Unavailable',
      );
    }
    const body = (await response.json().catch(() => ({}))) as {
      token?: string;
      access_token?: string;
    };
    const token = body.token ?? body.access_token;
    if (!token)
      throw new RegistryCallError(
        "the registry's token service answered without a token",
        'bearer',
        response.status,
      );
    return token;
  }

  private async fetch(
    url: URL,
    headers: Record<string, string>,
    origin: string,
  ): Promise<Response> {
    try {
      return await this.fetchFn(url, {
        headers: { accept: 'application/json', ...headers },
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'follow',
      });
    } catch (error) {
      const cause = error instanceof Error ? (error.cause as Error | undefined) : undefined;
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new RegistryCallError(
        timedOut
          ? `the registry at ${origin} did not answer within ${this.timeoutMs / 1000} s`
          : `cannot reach the registry at ${origin}: ${cause?.message ?? (error instanceof Error ? error.message : String(error))}`,
        'none',
        null,
      );
    }
  }
}

function authText(auth: AuthKind): string {
  return auth === 'none'
    ? 'no authentication needed'
    : auth === 'basic'
      ? 'Basic authentication'
      : 'bearer token';
}

function basicHeader(endpoint: RegistryEndpoint): string | undefined {
  if (endpoint.username === null) return undefined;
  const pair = `${endpoint.username}:${endpoint.password ?? ''}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

/** A failed exchange with the registry, before it becomes an API answer. */
class RegistryCallError extends Error {
  constructor(
    message: string,
    readonly auth: AuthKind,
    readonly status: number | null,
    readonly category: 'Unavailable' | 'FailedPrecondition' = status === 401 || status === 403
      ? 'FailedPrecondition'
      : 'Unavailable',
  ) {
    super(message);
  }

  get code(): string {
    return this.category === 'Unavailable' ? 'REGISTRY_UNREACHABLE' : 'REGISTRY_AUTH_FAILED';
  }
}
