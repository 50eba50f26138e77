import { AppError } from '@wharf/errors';

/** A parsed image reference: `[registry/]path[:tag][@digest]`. */
export interface ImageReference {
  /** Fully qualified repository, e.g. `docker.io/library/busybox`. */
  repository: string;
  tag?: string;
  digest?: string;
}

const DEFAULT_REGISTRY = 'docker.io';
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

function invalid(reference: string): AppError {
  return new AppError(
    'InvalidArgument',
    'INVALID_REFERENCE',
    `invalid reference format: repository name (${reference}) must be lowercase`,
  );
}

function isRegistryHost(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost';
}

/** Parses and normalises a reference the way Docker does (`busybox` → `docker.io/library/busybox`). */
export function parseReference(reference: string): ImageReference {
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest))
      throw new AppError(
        'InvalidArgument',
        'INVALID_REFERENCE',
        `invalid reference format: ${reference}`,
      );
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag))
      throw new AppError(
        'InvalidArgument',
        'INVALID_REFERENCE',
        `invalid reference format: ${reference}`,
      );
  }
  const parts = rest.split('/');
  const registry =
    parts.length > 1 && isRegistryHost(parts[0] ?? '')
      ? (parts.shift() ?? DEFAULT_REGISTRY)
      : DEFAULT_REGISTRY;
  if (parts.length === 0 || parts.some((p) => !COMPONENT.test(p))) throw invalid(reference);
  if (registry === DEFAULT_REGISTRY && parts.length === 1) parts.unshift('library');
  return { repository: `${registry}/${parts.join('/')}`, tag, digest };
}

/** `docker.io/library/busybox` → `busybox`, `docker.io/me/app` → `me/app`, others unchanged. */
export function familiarRepository(repository: string): string {
  if (repository.startsWith(`${DEFAULT_REGISTRY}/library/`))
    return repository.slice(`${DEFAULT_REGISTRY}/library/`.length);
  if (repository.startsWith(`${DEFAULT_REGISTRY}/`))
    return repository.slice(DEFAULT_REGISTRY.length + 1);
  return repository;
}

/** The name:tag Docker prints (RepoTags), with `latest` when no tag was given. */
export function familiarTag(reference: ImageReference): string {
  return `${familiarRepository(reference.repository)}:${reference.tag ?? 'latest'}`;
}

/** The key the tag index uses: fully qualified `repository:tag`. */
export function tagKey(reference: ImageReference): string {
  return `${reference.repository}:${reference.tag ?? 'latest'}`;
}
