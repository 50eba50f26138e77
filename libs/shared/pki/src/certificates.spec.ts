import { X509Certificate } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  createCertificateAuthority,
  createCertificateRequest,
  issueServerCertificate,
  signClientCertificate,
} from './certificates';
import { certificateFingerprint } from './pem';

describe('pki', () => {
  it('issues server and client certificates that verify against the CA and not against another CA', async () => {
    const ca = await createCertificateAuthority('Wharf test CA');
    const other = await createCertificateAuthority('Other CA');
    const caCert = new X509Certificate(ca.certPem);
    expect(caCert.ca).toBe(true);

    const server = new X509Certificate(
      (await issueServerCertificate(ca, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] }))
        .certPem,
    );
    expect(server.verify(caCert.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');

    const { csrPem } = await createCertificateRequest('whatever-the-agent-asks');
    const issued = await signClientCertificate(ca, csrPem, 'host-123');
    const client = new X509Certificate(issued.certPem);
    expect(client.subject).toBe('CN=host-123');
    expect(client.serialNumber.toLowerCase()).toBe(issued.serial);
    expect(client.verify(caCert.publicKey)).toBe(true);
    expect(client.verify(new X509Certificate(other.certPem).publicKey)).toBe(false);
    expect(client.keyUsage).toContain('1.3.6.1.5.5.7.3.2');
  });

  it('fingerprints the DER bytes with sha256 in lowercase hex', async () => {
    const ca = await createCertificateAuthority('fp');
    const expected = new X509Certificate(ca.certPem).fingerprint256.replace(/:/g, '').toLowerCase();
    expect(certificateFingerprint(ca.certPem)).toBe(expected);
    expect(certificateFingerprint(ca.certPem)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a tampered certificate request', async () => {
    const ca = await createCertificateAuthority('csr');
    const { csrPem } = await createCertificateRequest('x');
    const body = csrPem.split('\n');
    const line = body[3]!;
    body[3] = `${line.slice(0, 10)}${line[10] === 'A' ? 'B' : 'A'}${line.slice(11)}`;
    await expect(signClientCertificate(ca, body.join('\n'), 'h')).rejects.toThrow();
  });
});
