import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';

import { createCertificateAuthority } from '@wharf/pki';

import { freePort, waitFor, type StartedService } from './services';

const SERVICE = 'wharf-test-registry';
const ISSUER = 'wharf-test-issuer';

/** One account of the token service and the actions its tokens may carry (all when omitted). */
export interface TokenUser {
  username: string;
  password: string;
  actions?: string[];
}

/** What one token request asked for. */
export interface TokenRequest {
  /** `scope` (`repository:name:pull,push`), null when the request named none. */
  scope: string | null;
  /** The Basic user, null for an anonymous request. */
  username: string | null;
}

/** docker-registry with `auth: token`, and the loopback token service it trusts. */
export interface TokenRegistry extends StartedService {
  /** `127.0.0.1:<port>`: the host part of image references. */
  address: string;
  /** Every token request the service answered with a token, in order, up to now. */
  readonly requests: TokenRequest[];
  /** The scope of each of those requests. */
  readonly scopes: (string | null)[];
}

function registryConfig(dir: string, address: string, realm: string): string {
  return (
    `version: 0.1\nlog: {level: error}\nstorage:\n  filesystem: {rootdirectory: ${join(dir, 'data')}}\n` +
    `http: {addr: "${address}"}\nauth:\n  token:\n    realm: ${realm}\n` +
    `    service: ${SERVICE}\n    issuer: ${ISSUER}\n    rootcertbundle: ${join(dir, 'root.crt')}\n`
  );
}

/**
 * The token service runs in a worker thread (token-service.mjs) so that it answers while a test
 * blocks its own thread in spawnSync; what it granted comes back over a port read synchronously.
 */
async function startTokenService(users: TokenUser[], ca: { keyPem: string; certPem: string }) {
  const port = await freePort();
  const channel = new MessageChannel();
  const worker = new Worker(new URL('./token-service.mjs', `file://${__filename}`), {
    workerData: { ...ca, users, service: SERVICE, issuer: ISSUER, port, requests: channel.port2 },
    transferList: [channel.port2],
  });
  const log = new TokenLog(channel.port1);
  await waitFor(() => log.listening, 'the token service to listen');
  return { realm: `http://127.0.0.1:${port}/token`, log, stop: () => worker.terminate() };
}

/** The requests the worker reported, drained from its port whenever they are read. */
class TokenLog {
  private readonly seen: TokenRequest[] = [];
  private ready = false;

  constructor(private readonly port: MessagePort) {}

  get listening(): boolean {
    this.drain();
    return this.ready;
  }

  get requests(): TokenRequest[] {
    this.drain();
    return [...this.seen];
  }

  private drain(): void {
    for (;;) {
      const message = receiveMessageOnPort(this.port)?.message as TokenRequest | string | undefined;
      if (message === undefined) return;
      if (message === 'listening') this.ready = true;
      else if (typeof message === 'object') this.seen.push(message);
    }
  }
}

/**
 * A real docker-registry (distribution 2.8) with token authentication, and a token service on
 * loopback that it trusts: the distribution bearer flow end to end, the registry checking every
 * token's signature and access. A wrong login is refused by the token service (401, `wrong
 * login`); an anonymous request gets a token without access, as Docker Hub answers.
 */
export async function startTokenRegistry(users: TokenUser[]): Promise<TokenRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-token-registry-'));
  const ca = await createCertificateAuthority('wharf test token issuer');
  writeFileSync(join(dir, 'root.crt'), ca.certPem);
  const tokens = await startTokenService(users, ca);
  const address = `127.0.0.1:${await freePort()}`;
  writeFileSync(join(dir, 'config.yml'), registryConfig(dir, address, tokens.realm));
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: 'ignore',
  });
  const url = `http://${address}`;
  await waitFor(async () => (await fetch(`${url}/v2/`)).status === 401, 'token registry');
  return {
    url,
    address,
    get requests() {
      return tokens.log.requests;
    },
    get scopes() {
      return tokens.log.requests.map((r) => r.scope);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await tokens.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
