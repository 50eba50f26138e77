// The token service of test/support/token-registry.ts, in a worker thread: the engine tests run
// the docker CLI with spawnSync, which blocks the test's own event loop while the engine asks for
// tokens. Plain JavaScript because a worker cannot load TypeScript here (Node 20, no vitest).
import { createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { createServer } from 'node:http';
import { workerData } from 'node:worker_threads';

const { users, keyPem, certPem, service, issuer, port, requests } = workerData;
const b64url = (data) => Buffer.from(data).toString('base64url');

/** `type:name:actions` (a name may hold colons: `registry:catalog:*`), keeping the allowed actions. */
function accessFor(scope, allowed) {
  if (!scope) return [];
  const parts = scope.split(':');
  const asked = (parts.at(-1) ?? '').split(',');
  const actions = allowed ? asked.filter((a) => allowed.includes(a)) : asked;
  return [{ type: parts[0] ?? '', name: parts.slice(1, -1).join(':'), actions }];
}

/** A JWT signed ES256 with the trusted key, as distribution's token access controller expects. */
function issueToken(access, subject) {
  const der = new X509Certificate(certPem).raw.toString('base64');
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c: [der] }));
  const claims = b64url(
    JSON.stringify({
      iss: issuer,
      sub: subject,
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomBytes(8).toString('hex'),
      access,
    }),
  );
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), {
    key: createPrivateKey(keyPem),
    dsaEncoding: 'ieee-p1363',
  });
  return `${header}.${claims}.${b64url(signature)}`;
}

/** The Basic user of a request: null when anonymous, undefined when the login is wrong. */
function authenticate(header) {
  if (!header) return null;
  return users.find(
    (u) => header === `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}`,
  );
}

// A wrong login is a 401 with distribution's error body; an anonymous request gets a token
// without access (as Docker Hub answers), so the registry itself refuses it with
// insufficient_scope; a user gets the asked actions it is allowed.
createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const user = authenticate(req.headers.authorization);
  if (user === undefined || url.searchParams.get('service') !== service) {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'wrong login' }] }));
    return;
  }
  const scope = url.searchParams.get('scope');
  // Posted before the answer, so the request is recorded by the time its client sees the token.
  requests.postMessage({ scope, username: user?.username ?? null });
  const access = user ? accessFor(scope, user.actions) : [];
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ token: issueToken(access, user?.username ?? 'anonymous') }));
}).listen(port, '127.0.0.1', () => requests.postMessage('listening'));
