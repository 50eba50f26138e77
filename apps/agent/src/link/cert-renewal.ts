import { X509Certificate } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';

import { createCertificateRequest, writeFileAtomic } from '@wharf/pki';
import { type Logger } from '@wharf/util';

import { agentDir, type AgentState } from './agent-state';
import { type LinkSocket } from './link-socket';

/**
 * Whether the certificate is in the last third of its life. The lifetime counts from when this
 * agent saved it (the file's mtime), because the CA backdates notBefore for clock skew.
 */
export function needsRenewal(certPem: string, obtainedAt: number, now = Date.now()): boolean {
  const notAfter = new Date(new X509Certificate(certPem).validTo).getTime();
  return notAfter - now < (notAfter - obtainedAt) / 3;
}

/** Asks the server for a new certificate over the link when the current one nears expiry, or when told to. */
export class CertRenewal {
  private busy = false;

  constructor(
    private readonly state: AgentState,
    private readonly dataDir: string,
    private readonly logger: Logger,
    /** Lets the link use the new key and certificate for its next connection. */
    private readonly onRenewed: (keyPem: string, certPem: string) => void,
  ) {}

  private obtainedAt(): number {
    return statSync(join(agentDir(this.dataDir), 'agent.crt')).mtimeMs;
  }

  /** Renews when the certificate is in the last third of its life; a failure is retried next time. */
  async check(socket: LinkSocket): Promise<void> {
    if (this.busy || !needsRenewal(this.state.certPem, this.obtainedAt())) return;
    await this.renew(socket).catch(() => undefined);
  }

  /**
   * A new key and certificate now; resolves with the certificate's expiry. One renewal at a time:
   * a second call while one runs is refused rather than racing it for the files.
   */
  async renew(socket: LinkSocket): Promise<{ validTo: string }> {
    if (this.busy) throw new Error('a certificate renewal is already running');
    this.busy = true;
    try {
      const { csrPem, keyPem } = await createCertificateRequest(this.state.hostId);
      const reply = (await socket.timeout(30_000).emitWithAck('agent.renew', { csrPem })) as
        { ok: true; certificatePem: string } | { ok: false; error: string };
      if (!reply.ok) throw new Error(reply.error);
      const dir = agentDir(this.dataDir);
      writeFileAtomic(join(dir, 'agent.key'), keyPem, 0o600);
      writeFileAtomic(join(dir, 'agent.crt'), reply.certificatePem);
      this.state.keyPem = keyPem;
      this.state.certPem = reply.certificatePem;
      this.onRenewed(keyPem, reply.certificatePem);
      const validTo = new Date(new X509Certificate(reply.certificatePem).validTo).toISOString();
      this.logger.info({ validTo }, 'client certificate renewed');
      return { validTo };
    } catch (error) {
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'certificate renewal failed',
      );
      throw error;
    } finally {
      this.busy = false;
    }
  }
}
