import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { freePort, waitFor, type StartedService } from './services';

/** A private Debian `docker-registry` (distribution 2.8) on a loopback port. */
export interface TestRegistry extends StartedService {
  /** `127.0.0.1:<port>`: the host part of image references. */
  address: string;
  /** The registry's storage root (`docker/registry/v2/blobs/…` lives under it). */
  dataDir: string;
  /** Set when started with credentials (htpasswd basic auth). */
  credentials?: { username: string; password: string };
  /** Stores an image (one gzip layer per tar) under `repo:tag` straight through the registry API. */
  pushImage(repo: string, tag: string, layerTars: Buffer[], config?: object): Promise<string>;
}

function bcrypt(password: string): string {
  // Python's crypt uses libxcrypt, which has bcrypt: the only hash distribution's htpasswd reads.
  const run = spawnSync(
    'python3',
    [
      '-c',
      'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))',
      password,
    ],
    { encoding: 'utf8', env: { ...process.env, PYTHONWARNINGS: 'ignore' }, input: '' },
  );
  if (run.status !== 0) throw new Error(`bcrypt failed: ${run.stderr}`);
  return run.stdout.trim();
}

const sha256 = (data: Buffer): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

export async function startRegistry(
  options: { credentials?: { username: string; password: string } } = {},
): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-registry-'));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const auth = options.credentials
    ? `auth:\n  htpasswd: {realm: wharf-test, path: ${join(dir, 'htpasswd')}}\n`
    : '';
  if (options.credentials)
    writeFileSync(
      join(dir, 'htpasswd'),
      `${options.credentials.username}:${bcrypt(options.credentials.password)}\n`,
    );
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog: {level: error}\nstorage:\n  filesystem: {rootdirectory: ${join(dir, 'data')}}\n` +
      `  delete: {enabled: true}\nhttp: {addr: "${address}"}\n${auth}`,
  );
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://${address}`;
  await waitFor(
    async () => (await fetch(`${url}/v2/`)).status < 500,
    `docker-registry (${stderr})`,
  );
  const authHeader: Record<string, string> = options.credentials
    ? {
        authorization: `Basic ${Buffer.from(
          `${options.credentials.username}:${options.credentials.password}`,
        ).toString('base64')}`,
      }
    : {};

  async function putBlob(repo: string, blob: Buffer): Promise<string> {
    const digest = sha256(blob);
    const start = await fetch(`${url}/v2/${repo}/blobs/uploads/`, {
      method: 'POST',
      headers: authHeader,
    });
    if (start.status !== 202) throw new Error(`blob upload start: ${start.status}`);
    const location = new URL(start.headers.get('location') ?? '', url);
    location.searchParams.set('digest', digest);
    const done = await fetch(location, {
      method: 'PUT',
      headers: { ...authHeader, 'content-type': 'application/octet-stream' },
      body: blob,
    });
    if (done.status !== 201) throw new Error(`blob upload: ${done.status} ${await done.text()}`);
    return digest;
  }

  async function pushImage(
    repo: string,
    tag: string,
    layerTars: Buffer[],
    config: object = {},
  ): Promise<string> {
    const layers = layerTars.map((tar) => ({ tar, gz: gzipSync(tar) }));
    const configBlob = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: { Cmd: ['sh'], ...config },
        rootfs: { type: 'layers', diff_ids: layers.map((l) => sha256(l.tar)) },
        history: layers.map(() => ({ created_by: 'wharf test registry' })),
      }),
    );
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: configBlob.length,
        digest: await putBlob(repo, configBlob),
      },
      layers: await Promise.all(
        layers.map(async (l) => ({
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          size: l.gz.length,
          digest: await putBlob(repo, l.gz),
        })),
      ),
    };
    const body = Buffer.from(JSON.stringify(manifest));
    const put = await fetch(`${url}/v2/${repo}/manifests/${tag}`, {
      method: 'PUT',
      headers: { ...authHeader, 'content-type': manifest.mediaType },
      body,
    });
    if (put.status !== 201) throw new Error(`manifest put: ${put.status} ${await put.text()}`);
    return sha256(body);
  }

  return {
    url,
    address,
    dataDir: join(dir, 'data'),
    credentials: options.credentials,
    pushImage,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
