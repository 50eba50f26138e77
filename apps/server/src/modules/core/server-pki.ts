import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';

import {
  certificateFingerprint,
  createCertificateAuthority,
  issueServerCertificate,
  type KeyedCertificate,
  writeFileAtomic,
} from '@wharf/pki';

/** The server's CA (signs agents) and its own TLS certificate, as kept under `<data>/server/pki/`. */
export interface ServerPki {
  ca: KeyedCertificate;
  server: KeyedCertificate;
  /** sha256 of the CA certificate's DER, hex: what join tokens pin. */
  caFingerprint: string;
}

function wantedNames(publicUrl: string): { dnsNames: string[]; ipAddresses: string[] } {
  const names = new Set([
    'localhost',
    '127.0.0.1',
    hostname(),
    new URL(publicUrl).hostname.replace(/^\[|\]$/g, ''),
  ]);
  const all = [...names].filter((n) => n.length > 0);
  return {
    dnsNames: all.filter((n) => isIP(n) === 0),
    ipAddresses: all.filter((n) => isIP(n) !== 0),
  };
}

function coversAll(certPem: string, names: { dnsNames: string[]; ipAddresses: string[] }): boolean {
  const cert = new X509Certificate(certPem);
  const validTo = new Date(cert.validTo).getTime();
  if (validTo < Date.now() + 30 * 24 * 3600 * 1000) return false;
  return (
    names.dnsNames.every((n) => cert.checkHost(n) !== undefined) &&
    names.ipAddresses.every((ip) => cert.checkIP(ip) !== undefined)
  );
}

function readPair(dir: string, name: string): KeyedCertificate | undefined {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  if (!existsSync(certFile) || !existsSync(keyFile)) return undefined;
  return { certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8') };
}

function writePair(dir: string, name: string, pair: KeyedCertificate): void {
  // Key first: a crash between the two writes leaves a key without a certificate, which is redone.
  writeFileAtomic(join(dir, `${name}.key`), pair.keyPem, 0o600);
  writeFileAtomic(join(dir, `${name}.crt`), pair.certPem, 0o644);
}

/**
 * Loads the CA and server certificate, creating the CA on first start and (re)issuing the server
 * certificate whenever it is missing, close to expiry, or does not cover the public URL's host.
 */
export async function loadOrCreateServerPki(
  pkiDir: string,
  publicUrl: string,
): Promise<ServerPki & { createdCa: boolean }> {
  let ca = readPair(pkiDir, 'ca');
  const createdCa = ca === undefined;
  if (ca === undefined) {
    ca = await createCertificateAuthority(`Wharf CA ${hostname()}`);
    writePair(pkiDir, 'ca', ca);
  }
  const names = wantedNames(publicUrl);
  let server = readPair(pkiDir, 'server');
  if (createdCa || server === undefined || !coversAll(server.certPem, names)) {
    server = await issueServerCertificate(ca, names);
    writePair(pkiDir, 'server', server);
  }
  return { ca, server, caFingerprint: certificateFingerprint(ca.certPem), createdCa };
}

/** Read-only access for the CLI: the PKI must already exist (the server creates it). */
export function readServerPki(pkiDir: string): ServerPki | undefined {
  const ca = readPair(pkiDir, 'ca');
  const server = readPair(pkiDir, 'server');
  if (ca === undefined || server === undefined) return undefined;
  return { ca, server, caFingerprint: certificateFingerprint(ca.certPem) };
}
