import type { Descriptor, Platform } from './media-types';

/** Node's `process.arch` → Go's GOARCH (the names manifests use). */
const GO_ARCHITECTURES: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  s390x: 's390x',
  ppc64: 'ppc64le',
  riscv64: 'riscv64',
};

/** The platform this engine runs images for. */
export function hostPlatform(nodeArch: string): Platform {
  const architecture = GO_ARCHITECTURES[nodeArch] ?? nodeArch;
  return { os: 'linux', architecture, ...(architecture === 'arm64' ? { variant: 'v8' } : {}) };
}

function normaliseVariant(platform: Platform): string {
  if (platform.architecture === 'arm64') return platform.variant ?? 'v8';
  return platform.variant ?? '';
}

function matches(candidate: Platform, wanted: Platform): boolean {
  if (candidate.os !== wanted.os || candidate.architecture !== wanted.architecture) return false;
  const variant = normaliseVariant(candidate);
  return variant === '' || variant === normaliseVariant(wanted);
}

/**
 * Picks the manifest for `wanted` from a manifest list / OCI index, as containerd's platform
 * matcher does: same os and architecture, a compatible variant (none = any); attestation
 * manifests (`unknown/unknown`) never match. Returns undefined when nothing fits.
 */
export function selectPlatformManifest(
  manifests: readonly Descriptor[],
  wanted: Platform,
): Descriptor | undefined {
  const candidates = manifests.filter((m) => m.platform && matches(m.platform, wanted));
  const exact = candidates.find((m) => (m.platform?.variant ?? '') === (wanted.variant ?? ''));
  return exact ?? candidates[0];
}

/** `linux/arm64/v8` for messages. */
export function platformString(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** Parses `--platform` (`linux/amd64`, `linux/arm64/v8`, `amd64`); empty means the host's. */
export function parsePlatform(text: string | null | undefined, host: Platform): Platform {
  if (!text) return host;
  const parts = text.toLowerCase().split('/');
  if (parts.length === 1) return { os: host.os, architecture: parts[0] ?? host.architecture };
  const [os = host.os, architecture = host.architecture, variant] = parts;
  return { os, architecture, ...(variant ? { variant } : {}) };
}
