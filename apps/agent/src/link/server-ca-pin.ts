import { type DetailedPeerCertificate, connect } from 'node:tls';
import { isIP } from 'node:net';

import { AppError } from '@wharf/errors';
import { certificateFingerprint, toPem } from '@wharf/pki';

function chainOf(peer: DetailedPeerCertificate): DetailedPeerCertificate[] {
  const chain: DetailedPeerCertificate[] = [];
  let current: DetailedPeerCertificate | undefined = peer;
  while (current?.raw !== undefined && !chain.includes(current)) {
    chain.push(current);
    current = current.issuerCertificate === current ? undefined : current.issuerCertificate;
  }
  return chain;
}

/**
 * Connects without trusting anything, and returns the CA certificate (PEM) from the server's chain
 * whose sha256 fingerprint is the one in the join token. The caller then talks to the server
 * trusting ONLY that CA, which proves the server holds a key certified by it.
 */
export async function fetchPinnedCa(serverUrl: URL, fingerprint: string): Promise<string> {
  const port = serverUrl.port === '' ? 443 : Number(serverUrl.port);
  const host = serverUrl.hostname.replace(/^\[|\]$/g, '');
  const peer = await new Promise<DetailedPeerCertificate>((resolve, reject) => {
    const socket = connect({
      host,
      port,
      servername: isIP(host) === 0 ? host : undefined,
      rejectUnauthorized: false,
      timeout: 15_000,
    });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(true);
      socket.end();
      resolve(cert);
    });
    socket.once('timeout', () => socket.destroy(new Error('timed out')));
    socket.once('error', (error: Error) =>
      reject(
        new AppError(
          'Unavailable',
          'SERVER_UNREACHABLE',
          `cannot reach ${serverUrl.origin}: ${error.message}`,
          { cause: error },
        ),
      ),
    );
  });
  const match = chainOf(peer).find((cert) => certificateFingerprint(cert.raw) === fingerprint);
  if (match === undefined) {
    throw new AppError(
      'PermissionDenied',
      'CA_MISMATCH',
      `the server at ${serverUrl.origin} is not the Wharf server this join token was made for (its certificate authority's fingerprint does not match the token); refusing to join`,
    );
  }
  return toPem(match.raw, 'CERTIFICATE');
}
