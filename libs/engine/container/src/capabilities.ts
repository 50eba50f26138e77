import { AppError } from '@wharf/errors';

/** Docker's 14 default capabilities (moby oci/caps/defaults.go). */
export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
] as const;

/** Capability numbers 0..40 in kernel order (linux/capability.h). */
export const ALL_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
] as const;

/** Decodes a `CapBnd:` hex mask from /proc/self/status into capability names. */
export function capabilitiesFromMask(hex: string): string[] {
  const mask = BigInt(`0x${hex.trim()}`);
  return ALL_CAPABILITIES.filter((_name, bit) => (mask >> BigInt(bit)) & 1n);
}

function normalize(cap: string): string {
  const upper = cap.trim().toUpperCase();
  if (upper === 'ALL') return upper;
  const name = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (!(ALL_CAPABILITIES as readonly string[]).includes(name)) {
    throw new AppError(
      'InvalidArgument',
      'UNKNOWN_CAPABILITY',
      `invalid CapAdd: unknown capability: "${name}"`,
    );
  }
  return name;
}

/**
 * Docker's rules (moby oci/caps TweakCapabilities): privileged = every capability the host can grant
 * (its bounding set, since root may lack some here); otherwise defaults, `ALL` in add or drop, then
 * drops before adds.
 */
export function effectiveCapabilities(input: {
  privileged: boolean;
  add: string[];
  drop: string[];
  hostBounding: string[];
}): string[] {
  if (input.privileged) return [...input.hostBounding];
  const add = input.add.map(normalize);
  const drop = input.drop.map(normalize);
  const allowed = (c: string) => input.hostBounding.length === 0 || input.hostBounding.includes(c);
  if (add.includes('ALL')) return ALL_CAPABILITIES.filter((c) => allowed(c) && !drop.includes(c));
  const base: string[] = drop.includes('ALL')
    ? []
    : DEFAULT_CAPABILITIES.filter((c) => !drop.includes(c));
  for (const c of add) if (!base.includes(c)) base.push(c);
  return base;
}
