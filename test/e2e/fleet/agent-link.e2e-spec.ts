import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  createCertificateAuthority,
  createCertificateRequest,
  signClientCertificate,
} from '@wharf/pki';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { waitFor } from '../../support/services';
import {
  type ApiClient,
  runAgentCommand,
  startWharfAgent,
  startWharfServer,
  type WharfServer,
} from '../../support/wharf-system';

interface HostView {
  id: string;
  name: string;
  status: string;
  facts: { hostname: string; cgroupVersion: string; cpus: number } | null;
}

/** Tries to open the /agent namespace with the given client certificate; resolves with the outcome. */
function tryAgentSocket(
  server: WharfServer,
  cert: { certPem: string; keyPem: string },
): Promise<string> {
  return new Promise((resolve) => {
    const socket: Socket = io(`${server.url}/agent`, {
      transports: ['websocket'],
      ca: server.caPem,
      cert: cert.certPem,
      key: cert.keyPem,
      reconnection: false,
      timeout: 20_000,
    });
    socket.once('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (error) => {
      socket.disconnect();
      resolve(error.message);
    });
  });
}

describe('fleet: agents join a real server over mutual TLS', () => {
  let server: WharfServer;
  let admin: ApiClient;

  const hosts = async () => (await admin.request('GET', '/hosts')).body as HostView[];

  beforeAll(async () => {
    server = await startWharfServer();
    admin = await server.createAdmin();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('an agent joins, appears online with its facts (pushed to /ui too), and turns offline after it stops', async () => {
    const updates: { id: string; status: string }[] = [];
    const ui = io(`${server.url}/ui`, {
      transports: ['websocket'],
      ca: server.caPem,
      extraHeaders: { cookie: admin.cookieHeader() },
    });
    ui.on('host.updated', (host: { id: string; status: string }) => updates.push(host));
    await new Promise<void>((resolve, reject) => {
      ui.once('connect', resolve);
      ui.once('connect_error', reject);
    });
    const agent = await startWharfAgent(server);
    try {
      await waitFor(
        async () => (await hosts()).some((h) => h.status === 'online'),
        'host online',
        60_000,
      ).catch((e: unknown) => {
        throw new Error(`${String(e)}\nagent:\n${agent.logs()}`);
      });
      const [host] = await hosts();
      expect(host!.facts).toMatchObject({
        cgroupVersion: expect.stringMatching(/^(v1|hybrid|v2)$/),
        cpus: expect.any(Number),
      });
      expect(host!.facts!.hostname.length).toBeGreaterThan(0);
      await waitFor(
        () => updates.some((u) => u.id === host!.id && u.status === 'online'),
        'ui host.updated online',
        10_000,
      );
      await agent.stopProcess('SIGKILL');
      await waitFor(
        async () => (await hosts()).find((h) => h.id === host!.id)?.status === 'offline',
        'host offline',
        10_000,
      );
      await waitFor(
        () => updates.some((u) => u.id === host!.id && u.status === 'offline'),
        'ui host.updated offline',
        10_000,
      );
    } finally {
      ui.disconnect();
      await agent.stop();
    }
  });

  it('refuses /ui sockets without a session', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const ui = io(`${server.url}/ui`, {
        transports: ['websocket'],
        ca: server.caPem,
        reconnection: false,
      });
      ui.once('connect', () => resolve('connected'));
      ui.once('connect_error', (error) => resolve(error.message));
    });
    expect(outcome).toBe('log in first');
  });

  it('an agent with a wrong, expired or revoked (CLI) token exits non-zero saying so, and no host is created', async () => {
    const before = (await hosts()).length;
    const wrong = `WHARF-1-${server.caFingerprint}-${'b'.repeat(43)}`;
    const expired = await server.mintJoinToken(60);
    await server.sql('UPDATE "JoinToken" SET "expiresAt" = ? WHERE id = ?', [
      Date.now() - 1000,
      expired.id,
    ]);
    const revoked = await server.mintJoinToken();
    const revoke = server.cli(['join-token', 'revoke', revoked.id]);
    expect(revoke).toMatchObject({ code: 0, stdout: `revoked ${revoked.id}\n` });
    expect(server.cli(['join-token', 'revoke', 'no-such-id']).code).toBe(1);
    for (const token of [wrong, expired.token, revoked.token]) {
      const agent = await startWharfAgent(server, { token });
      try {
        expect(await agent.exited).not.toBe(0);
        expect(agent.logs()).toContain('invalid or expired join token');
      } finally {
        await agent.stop();
      }
    }
    expect((await hosts()).length).toBe(before);
  });

  it('an agent refuses a server whose CA is not the one in the token', async () => {
    const before = (await hosts()).length;
    const joinRequests = () => server.logs().split('"url":"/api/v1/agents/join"').length;
    const requestsBefore = joinRequests();
    const other = await startWharfServer();
    try {
      const tokenForOther = (await other.mintJoinToken()).token;
      const result = runAgentCommand(['join', server.url, tokenForOther], {
        WHARF_DATA_DIR: join(server.dataDir, 'agent-other'),
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('is not the Wharf server this join token was made for');
      expect((await hosts()).length).toBe(before);
      // The token never reached the wrong server: the agent stopped before sending it.
      expect(joinRequests()).toBe(requestsBefore);
    } finally {
      await other.stop();
    }
  });

  it('the /agent namespace refuses self-signed, foreign-CA and unknown-host certificates', async () => {
    const selfSigned = await createCertificateAuthority('forged');
    const otherCa = await createCertificateAuthority('other CA');
    const { csrPem, keyPem } = await createCertificateRequest('forged');
    const hostId = (await hosts())[0]!.id;
    const foreign = await signClientCertificate(otherCa, csrPem, hostId);
    const ourCa = {
      certPem: readFileSync(join(server.dataDir, 'server/pki/ca.crt'), 'utf8'),
      keyPem: readFileSync(join(server.dataDir, 'server/pki/ca.key'), 'utf8'),
    };
    const unknownHost = await signClientCertificate(
      ourCa,
      csrPem,
      '00000000-0000-0000-0000-000000000000',
    );
    // Same host id and our CA, but not the certificate the server issued to that host (serial differs).
    const reissued = await signClientCertificate(ourCa, csrPem, hostId);
    expect(await tryAgentSocket(server, selfSigned)).toBe('client certificate not accepted');
    expect(await tryAgentSocket(server, { certPem: foreign.certPem, keyPem })).toBe(
      'client certificate not accepted',
    );
    expect(await tryAgentSocket(server, { certPem: unknownHost.certPem, keyPem })).toBe(
      'client certificate not accepted',
    );
    expect(await tryAgentSocket(server, { certPem: reissued.certPem, keyPem })).toBe(
      'client certificate not accepted',
    );
  });

  it('a restarted agent reuses its certificate instead of joining again', async () => {
    const count = (await hosts()).length;
    const first = await startWharfAgent(server);
    await waitFor(
      async () => (await hosts()).filter((h) => h.status === 'online').length === 1,
      'first start online',
      60_000,
    );
    await first.stopProcess();
    const again = await startWharfAgent(server, { dataDir: first.dataDir, token: null });
    try {
      await waitFor(
        async () => (await hosts()).filter((h) => h.status === 'online').length === 1,
        'restart online',
        60_000,
      );
      expect((await hosts()).length).toBe(count + 1);
    } finally {
      await again.stop();
      await first.stop();
    }
  });
});
