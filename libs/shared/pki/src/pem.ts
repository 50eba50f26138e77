import { createHash, X509Certificate } from 'node:crypto';

/** Wraps DER bytes in a PEM block of the given label. */
export function toPem(der: ArrayBuffer | Uint8Array, label: string): string {
  const base64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString(
    'base64',
  );
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * The identity a join token pins: sha256 over the certificate's DER bytes, lowercase hex
 * (what `openssl x509 -fingerprint -sha256` prints, without colons).
 */
export function certificateFingerprint(certPemOrDer: string | Buffer): string {
  const der =
    typeof certPemOrDer === 'string' ? new X509Certificate(certPemOrDer).raw : certPemOrDer;
  return createHash('sha256').update(der).digest('hex');
}
