import { mkdir } from 'node:fs/promises';
import { Readable } from 'node:stream';

import { AppError } from '@wharf/errors';

import type { Digest } from '../content-store';
import type { ImageConfigFile } from '../image-record';
import type { ImageService } from '../image-service';
import { chainIdOf } from '../layer-store';
import type { Lease } from '../leases';
import {
  familiarRepository,
  familiarTag,
  parseReference,
  tagKey,
  type ImageReference,
} from '../reference';
import { DownloadSlots, downloadLayer, extractLayer, type LayerJob } from './layer-puller';
import { resolveManifest } from './manifest-resolver';
import type { ImageManifest, Platform } from './media-types';
import { layerStatus, shortDigest, type ProgressSink } from './progress-format';
import { RegistryClient } from './registry-client';
import type { RegistryCredentials } from './registry-credentials';
import { referenceString, registryEndpoint } from './registry-endpoint';
import { translatePullError } from './registry-errors';
import type { RegistrySettings } from './registry-settings';
import { readLimited, sha256Of } from './verified-download';

const CONFIG_LIMIT = 8 * 1024 * 1024;

export interface PullRequest {
  /** `name[:tag]` or `name@digest`, as `docker pull` names it. */
  reference: string;
  credentials?: RegistryCredentials;
  platform: Platform;
  progress: ProgressSink;
  signal?: AbortSignal;
}

/** What a pull created, so a failed pull can take it back, and its lease on what it uses. */
interface PullLedger {
  chains: Digest[];
  blobs: Digest[];
  lease: Lease;
}

async function fetchConfig(client: RegistryClient, manifest: ImageManifest) {
  const { stream } = await client.blob(manifest.config.digest);
  const bytes = await readLimited(stream, CONFIG_LIMIT, 'image config');
  if (sha256Of(bytes) !== manifest.config.digest)
    throw new AppError(
      'InvalidArgument',
      'DIGEST_MISMATCH',
      `image config verification failed for digest ${manifest.config.digest}`,
    );
  const config = JSON.parse(bytes.toString('utf8')) as ImageConfigFile;
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length)
    throw new AppError(
      'InvalidArgument',
      'BAD_MANIFEST',
      "layers from manifest don't match image configuration",
    );
  return { bytes, config, diffIds };
}

function layerJobs(manifest: ImageManifest, diffIds: Digest[]): LayerJob[] {
  let parent: Digest | null = null;
  return manifest.layers.map((descriptor, i) => {
    const diffId = diffIds[i] ?? '';
    const job = { descriptor, diffId, parent };
    parent = chainIdOf(parent, diffId);
    return job;
  });
}

/** Which layers are there already: extracted, with the blob `save` and `push` read. */
async function planLayers(service: ImageService, jobs: LayerJob[]) {
  const present: boolean[] = [];
  for (const job of jobs) {
    const layer = await service.layers.get(chainIdOf(job.parent, job.diffId));
    present.push(layer !== undefined && (await service.content.has(job.diffId)));
  }
  return { jobs, present };
}

/** Downloads (3 at a time) and extracts (in order) every missing layer; returns the chain IDs. */
async function fetchLayers(
  service: ImageService,
  client: RegistryClient,
  plan: { jobs: LayerJob[]; present: boolean[] },
  request: PullRequest,
  ledger: PullLedger,
): Promise<{ chainIds: Digest[]; size: number; downloaded: number }> {
  const slots = new DownloadSlots(3);
  for (const [i, job] of plan.jobs.entries()) {
    const id = shortDigest(job.descriptor.digest);
    if (plan.present[i]) {
      request.progress(layerStatus(id, 'Already exists'));
      continue;
    }
    request.progress(layerStatus(id, 'Pulling fs layer'));
  }
  for (const [i, job] of plan.jobs.entries()) {
    if (plan.present[i]) continue;
    if (slots.full) request.progress(layerStatus(shortDigest(job.descriptor.digest), 'Waiting'));
    job.download = slots.run(() => downloadLayer(client, job, service.tmpDir, request.progress));
    // Failures surface when the layer's turn to extract comes; none goes unobserved.
    job.download.catch(() => undefined);
  }
  const chainIds: Digest[] = [];
  let size = 0;
  let downloaded = 0;
  for (const job of plan.jobs) {
    const chainId = chainIdOf(job.parent, job.diffId);
    if (job.download) {
      ledger.blobs.push(job.diffId);
      ledger.chains.push(chainId);
      await extractLayer(service, job, await job.download, request.progress);
      downloaded++;
    }
    chainIds.push(chainId);
    size += (await service.layers.get(chainId))?.size ?? 0;
  }
  return { chainIds, size, downloaded };
}

/**
 * Takes back layers and blobs this pull created that no image references and no other operation
 * holds (a failed pull); its own lease is released first.
 */
function rollback(service: ImageService, ledger: PullLedger): Promise<void> {
  ledger.lease.release();
  return service.leases.exclusive(async () => {
    const images = service.store.all();
    const chains = new Set(images.flatMap((i) => i.chainIds));
    const blobs = new Set(images.flatMap((i) => [i.id, ...i.config.rootfs.diff_ids]));
    const unused = (digest: Digest, live: Set<Digest>) =>
      !live.has(digest) && !service.leases.isHeld(digest);
    for (const chain of ledger.chains)
      if (unused(chain, chains)) await service.layers.remove(chain);
    for (const blob of ledger.blobs) if (unused(blob, blobs)) await service.content.delete(blob);
  });
}

/** Tags and records the digest; true when the reference now names a different image. */
async function recordReferences(
  service: ImageService,
  reference: ImageReference,
  id: Digest,
  manifestDigest: string,
): Promise<boolean> {
  let updated = false;
  if (!reference.digest) {
    updated = service.store.tagTarget(tagKey(reference)) !== id;
    if (updated) await service.tagExisting(id, familiarTag(reference));
  }
  const digestNew = await service.store.setDigest(`${reference.repository}@${manifestDigest}`, id);
  return updated || (reference.digest !== undefined && digestNew);
}

async function storeImage(
  service: ImageService,
  config: { bytes: Buffer; config: ImageConfigFile },
  layers: { chainIds: Digest[]; size: number },
  ledger: PullLedger,
): Promise<Digest> {
  const id = sha256Of(config.bytes);
  if (service.store.get(id)) return id;
  ledger.blobs.push(id);
  await service.content.put(Readable.from([config.bytes]), id);
  // The record is written last: until here a crash or an error leaves no image, only garbage.
  await service.store.put({
    id,
    parent: '',
    chainIds: layers.chainIds,
    size: layers.size,
    storedAt: new Date().toISOString(),
    config: config.config,
  });
  return id;
}

/** Config and layers, then the image record; an image already stored is not fetched again. */
async function fetchImage(
  service: ImageService,
  client: RegistryClient,
  manifest: ImageManifest,
  request: PullRequest,
  ledger: PullLedger,
): Promise<Digest> {
  if (service.store.get(manifest.config.digest)) return manifest.config.digest;
  const config = await fetchConfig(client, manifest);
  await mkdir(service.tmpDir, { recursive: true, mode: 0o700 });
  const jobs = layerJobs(manifest, config.diffIds);
  // Held before looking: an rmi beside the pull must not collect a layer the pull found there.
  ledger.lease.add([
    manifest.config.digest,
    ...config.diffIds,
    ...jobs.map((job) => chainIdOf(job.parent, job.diffId)),
  ]);
  const plan = await service.leases.exclusive(() => planLayers(service, jobs));
  const layers = await fetchLayers(service, client, plan, request, ledger);
  return storeImage(service, config, layers, ledger);
}

/**
 * `docker pull`: resolves the reference on its registry (platform-selected), fetches the config
 * and every missing layer with streaming verification, and records the image, its tag and its
 * RepoDigest only when everything is stored. Progress lines are Docker's. A failure removes the
 * layers and blobs this pull added and leaves no image.
 */
export async function pullImage(
  service: ImageService,
  settings: RegistrySettings,
  request: PullRequest,
): Promise<Digest> {
  const reference = parseReference(request.reference);
  const familiar = familiarRepository(reference.repository);
  const endpoint = registryEndpoint(reference.repository, settings.insecureRegistries);
  const client = new RegistryClient({
    endpoint,
    credentials: request.credentials,
    actions: ['pull'],
    signal: request.signal,
    fetch: settings.fetch,
  });
  const ledger: PullLedger = { chains: [], blobs: [], lease: service.leases.open() };
  try {
    const resolved = await resolveManifest(client, reference, request.platform);
    request.progress({
      status: `Pulling from ${endpoint.path}`,
      id: reference.digest ?? reference.tag ?? 'latest',
    });
    const id = await fetchImage(service, client, resolved.manifest, request, ledger);
    const updated = await recordReferences(service, reference, id, resolved.digest);
    request.progress({ status: `Digest: ${resolved.digest}` });
    const named = referenceString(reference, familiar);
    service.publish('pull', named, { name: named });
    request.progress({
      status: updated
        ? `Status: Downloaded newer image for ${named}`
        : `Status: Image is up to date for ${named}`,
    });
    return id;
  } catch (error) {
    await rollback(service, ledger);
    throw translatePullError(error, familiar, referenceString(reference, familiar));
  } finally {
    ledger.lease.release();
  }
}
