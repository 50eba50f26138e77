import { describe, expect, it } from 'vitest';

import {
  challengeErrors,
  parseErrorBody,
  registryError,
  translatePullError,
} from './registry-errors';

const failure = (status: number, body: string, url = 'http://127.0.0.1:5000/v2/app/manifests/x') =>
  registryError({ method: 'GET', url, status, errors: parseErrorBody(body) });

describe('registry errors in Docker words', () => {
  it('translates unknown manifests, unknown names and denied access as moby does', () => {
    const manifest = failure(
      404,
      '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}',
    );
    expect((translatePullError(manifest, 'r/app', 'r/app:x') as Error).message).toBe(
      'manifest for r/app:x not found: manifest unknown: manifest unknown',
    );
    const name = failure(
      404,
      '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}',
    );
    expect((translatePullError(name, 'r/app', 'r/app:x') as Error).message).toBe(
      'repository r/app not found: name unknown: repository name not known to registry',
    );
    const denied = failure(
      403,
      '{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}',
    );
    expect((translatePullError(denied, 'app', 'app:latest') as Error).message).toBe(
      "pull access denied for app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
  });

  it('keeps other errors, with errcode text or a status line', () => {
    expect(failure(401, '').message).toBe('unauthorized: authentication required');
    expect(failure(401, '').category).toBe('PermissionDenied');
    expect(failure(404, '').message).toBe('manifest unknown: manifest unknown');
    expect(failure(502, 'bad gateway', 'http://127.0.0.1:5000/v2/').message).toBe(
      'GET "http://127.0.0.1:5000/v2/": unexpected status code 502',
    );
    expect(parseErrorBody('not json')).toEqual([]);
  });
});

describe('errors named by a bearer challenge', () => {
  const challenge = (error: string, description?: string) =>
    `Bearer realm="https://auth.test/token",service="reg.test",scope="repository:app:pull",error="${error}"` +
    (description ? `,error_description="${description}"` : '');

  it('reads insufficient_scope as denied and invalid_token as unauthorized, as distribution does', () => {
    expect(challengeErrors(401, challenge('insufficient_scope'))).toEqual([
      { code: 'DENIED', message: 'requested access to the resource is denied' },
    ]);
    expect(challengeErrors(401, challenge('invalid_token', 'token expired'))).toEqual([
      { code: 'UNAUTHORIZED', message: 'token expired' },
    ]);
  });

  it('ignores challenges without a known error, Basic challenges and non-4xx answers', () => {
    expect(challengeErrors(401, 'Bearer realm="https://auth.test/token"')).toEqual([]);
    expect(challengeErrors(401, 'Basic realm="reg", error="insufficient_scope"')).toEqual([]);
    expect(challengeErrors(500, challenge('insufficient_scope'))).toEqual([]);
    expect(challengeErrors(401, null)).toEqual([]);
  });

  it('makes an anonymous pull of a token registry "pull access denied"', () => {
    const denied = registryError({
      method: 'HEAD',
      url: 'http://127.0.0.1:5000/v2/app/manifests/x',
      status: 401,
      errors: challengeErrors(401, challenge('insufficient_scope')),
    });
    expect((translatePullError(denied, 'app', 'app:x') as Error).message).toBe(
      "pull access denied for app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
  });
});
