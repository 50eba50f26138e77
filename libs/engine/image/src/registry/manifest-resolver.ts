import { AppError } from '@wharf/errors';

import type { ImageReference } from '../reference';
import { MEDIA_TYPES, type ImageManifest, type ManifestIndex, type Platform } from './media-types';
import { platformString, selectPlatformManifest } from './platform';
import type { FetchedManifest, RegistryClient } from './registry-client';
import { sha256Of } from './verified-download';

/** The image manifest a reference resolves to, and the digest Docker records for it. */
export interface ResolvedManifest {
  /** Digest of what the reference names (a manifest list's digest for a multi-platform tag). */
  digest: string;
  manifest: ImageManifest;
}

function verified(fetched: FetchedManifest, digest: string): FetchedManifest {
  if (sha256Of(fetched.bytes) !== digest)
    throw new AppError(
      'InvalidArgument',
      'DIGEST_MISMATCH',
      `manifest verification failed for digest ${digest}`,
    );
  return fetched;
}

/** By digest (verified), or by tag: HEAD for the digest first, as containerd's resolver does. */
async function fetchTop(
  client: RegistryClient,
  reference: ImageReference,
): Promise<{ fetched: FetchedManifest; digest: string }> {
  if (reference.digest) {
    const fetched = await client.manifest('GET', reference.digest);
    return { fetched: verified(fetched, reference.digest), digest: reference.digest };
  }
  const tag = reference.tag ?? 'latest';
  const head = await client.manifest('HEAD', tag);
  if (head.digest) {
    const fetched = await client.manifest('GET', head.digest);
    return { fetched: verified(fetched, head.digest), digest: head.digest };
  }
  const fetched = await client.manifest('GET', tag);
  return { fetched, digest: sha256Of(fetched.bytes) };
}

function parse(fetched: FetchedManifest): { mediaType: string; body: Record<string, unknown> } {
  const body = JSON.parse(fetched.bytes.toString('utf8')) as Record<string, unknown>;
  const mediaType = typeof body['mediaType'] === 'string' ? body['mediaType'] : fetched.mediaType;
  return { mediaType, body };
}

function isIndex(mediaType: string, body: Record<string, unknown>): boolean {
  return (
    mediaType === MEDIA_TYPES.dockerManifestList ||
    mediaType === MEDIA_TYPES.ociIndex ||
    (Array.isArray(body['manifests']) && !Array.isArray(body['layers']))
  );
}

function asImageManifest(mediaType: string, body: Record<string, unknown>): ImageManifest {
  if (
    mediaType === MEDIA_TYPES.schema1 ||
    mediaType === MEDIA_TYPES.schema1Signed ||
    body['schemaVersion'] === 1
  )
    throw new AppError(
      'InvalidArgument',
      'SCHEMA1',
      'unsupported manifest format: Docker Image manifest version 2, schema 1 is no longer supported',
    );
  if (typeof body['config'] !== 'object' || !Array.isArray(body['layers']))
    throw new AppError('InvalidArgument', 'BAD_MANIFEST', 'unsupported manifest format');
  return body as unknown as ImageManifest;
}

/**
 * Resolves a reference to one image manifest: a manifest list / OCI index picks `platform`
 * (moby's `no matching manifest for linux/amd64 in the manifest list entries` otherwise).
 * Every manifest fetched by digest is verified against it.
 */
export async function resolveManifest(
  client: RegistryClient,
  reference: ImageReference,
  platform: Platform,
): Promise<ResolvedManifest> {
  const { fetched, digest } = await fetchTop(client, reference);
  const top = parse(fetched);
  if (!isIndex(top.mediaType, top.body))
    return { digest, manifest: asImageManifest(top.mediaType, top.body) };
  const index = top.body as unknown as ManifestIndex;
  const chosen = selectPlatformManifest(index.manifests, platform);
  if (!chosen)
    throw new AppError(
      'NotFound',
      'NO_MATCHING_MANIFEST',
      `no matching manifest for ${platformString(platform)} in the manifest list entries`,
    );
  const child = parse(verified(await client.manifest('GET', chosen.digest), chosen.digest));
  return { digest, manifest: asImageManifest(child.mediaType, child.body) };
}
