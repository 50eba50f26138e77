import { randomBytes, webcrypto } from 'node:crypto';

import * as x509 from '@peculiar/x509';

import { toPem } from './pem';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 3600 * 1000;

/** A certificate with its private key, both PEM (the key is PKCS#8). */
export interface KeyedCertificate {
  certPem: string;
  keyPem: string;
}

/** A certificate as issued: PEM plus the serial number (hex) used for revocation records. */
export interface IssuedCertificate {
  certPem: string;
  serial: string;
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
}

async function exportKey(key: CryptoKey): Promise<string> {
  return toPem(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function importKey(keyPem: string): Promise<CryptoKey> {
  const der = Buffer.from(keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return webcrypto.subtle.importKey('pkcs8', der, ALG, false, ['sign']);
}

/** PEM with a final newline, so certificates can be concatenated into chains. */
function pemOf(object: { toString(format: 'pem'): string }): string {
  return `${object.toString('pem').trimEnd()}\n`;
}

function newSerial(): string {
  // Positive, non-zero 16-byte serial (RFC 5280 allows up to 20 bytes).
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

/** A self-signed ECDSA P-256 CA, valid for ten years, that may sign leaf certificates only. */
export async function createCertificateAuthority(commonName: string): Promise<KeyedCertificate> {
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: newSerial(),
    name: `CN=${commonName}`,
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 3650 * DAY_MS),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: pemOf(cert), keyPem: await exportKey(keys.privateKey) };
}

interface LeafOptions {
  subject: string;
  publicKey: CryptoKey | x509.PublicKey;
  usage: 'server' | 'client';
  days: number;
  dnsNames?: string[];
  ipAddresses?: string[];
}

async function issueLeaf(ca: KeyedCertificate, options: LeafOptions): Promise<IssuedCertificate> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const serial = newSerial();
  const san = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const eku =
    options.usage === 'server'
      ? x509.ExtendedKeyUsage.serverAuth
      : x509.ExtendedKeyUsage.clientAuth;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: options.subject,
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + options.days * DAY_MS),
    publicKey: options.publicKey,
    signingKey: await importKey(ca.keyPem),
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([eku], false),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
      ...(san.length > 0 ? [new x509.SubjectAlternativeNameExtension(san, false)] : []),
    ],
  });
  return { certPem: pemOf(cert), serial };
}

/** The HTTPS listener's certificate (serverAuth), for the given DNS names and IP addresses. */
export async function issueServerCertificate(
  ca: KeyedCertificate,
  names: { dnsNames: string[]; ipAddresses: string[] },
): Promise<KeyedCertificate> {
  const keys = await generateKeys();
  const subject = `CN=${names.dnsNames[0] ?? names.ipAddresses[0] ?? 'wharf-server'}`;
  const issued = await issueLeaf(ca, {
    subject,
    publicKey: keys.publicKey,
    usage: 'server',
    days: 825,
    ...names,
  });
  return { certPem: issued.certPem, keyPem: await exportKey(keys.privateKey) };
}

/** An agent's key pair and certificate request; the key stays with the agent. */
export async function createCertificateRequest(
  commonName: string,
): Promise<{ csrPem: string; keyPem: string }> {
  const keys = await generateKeys();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${commonName}`,
    keys,
    signingAlgorithm: ALG,
  });
  return { csrPem: pemOf(csr), keyPem: await exportKey(keys.privateKey) };
}

/**
 * Signs an agent's CSR as a clientAuth certificate whose CN is the host id (whatever the CSR
 * asked for). Throws if the CSR is malformed or its self-signature does not verify.
 */
export async function signClientCertificate(
  ca: KeyedCertificate,
  csrPem: string,
  hostId: string,
  days = 365,
): Promise<IssuedCertificate> {
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  if (!(await csr.verify())) throw new Error('certificate request signature does not verify');
  return issueLeaf(ca, {
    subject: `CN=${hostId}`,
    publicKey: csr.publicKey,
    usage: 'client',
    days,
  });
}
