import MOBY_DEFAULT from './moby-default.json';

/**
 * Docker's default seccomp profile: moby/profiles `seccomp/default.json` (Apache-2.0, vendored
 * verbatim as moby-default.json) turned into the OCI `linux.seccomp` section the way moby's
 * setupSeccomp does: rules apply only for this architecture, when every capability they include is
 * granted and none they exclude is.
 */
interface ProfileRule {
  names: string[];
  action: string;
  args?: unknown[] | null;
  errnoRet?: number;
  includes?: { arches?: string[]; caps?: string[]; minKernel?: string };
  excludes?: { arches?: string[]; caps?: string[] };
}

export interface Profile {
  defaultAction: string;
  defaultErrnoRet?: number;
  archMap?: { architecture: string; subArchitectures: string[] | null }[];
  syscalls?: ProfileRule[];
}

/** Go's GOARCH names, as the profile's `arches` conditions use them, to libseccomp's. */
const SECCOMP_ARCH: Record<string, string> = {
  amd64: 'SCMP_ARCH_X86_64',
  arm64: 'SCMP_ARCH_AARCH64',
  s390x: 'SCMP_ARCH_S390X',
  riscv64: 'SCMP_ARCH_RISCV64',
  ppc64le: 'SCMP_ARCH_PPC64LE',
};

function kernelAtLeast(kernel: string, minimum: string): boolean {
  const [a = 0, b = 0] = kernel.split('.').map((p) => Number.parseInt(p, 10));
  const [c = 0, d = 0] = minimum.split('.').map((p) => Number.parseInt(p, 10));
  return a > c || (a === c && b >= d);
}

function applies(
  rule: ProfileRule,
  arch: string,
  caps: readonly string[],
  kernel: string,
): boolean {
  const { includes = {}, excludes = {} } = rule;
  if (includes.arches?.length && !includes.arches.includes(arch)) return false;
  if (excludes.arches?.includes(arch)) return false;
  if (includes.caps?.some((c) => !caps.includes(c))) return false;
  if (excludes.caps?.some((c) => caps.includes(c))) return false;
  return !(includes.minKernel && !kernelAtLeast(kernel, includes.minKernel));
}

/** The OCI seccomp section for a container with these capabilities on this architecture and kernel. */
export function defaultSeccompProfile(
  caps: readonly string[],
  arch = 'amd64',
  kernel = '6.0',
): object {
  return seccompFromProfile(MOBY_DEFAULT, caps, arch, kernel);
}

/**
 * A profile in Docker's format (`--security-opt seccomp=<file>`: the CLI sends the file's JSON) as
 * the OCI section, filtered the same way as the default one.
 */
export function seccompFromProfile(
  profile: Profile,
  caps: readonly string[],
  arch = 'amd64',
  kernel = '6.0',
): object {
  const native = SECCOMP_ARCH[arch];
  const archEntry = (profile.archMap ?? []).find((a) => a.architecture === native);
  return {
    defaultAction: profile.defaultAction,
    defaultErrnoRet: profile.defaultErrnoRet,
    architectures: archEntry ? [archEntry.architecture, ...(archEntry.subArchitectures ?? [])] : [],
    syscalls: (profile.syscalls ?? [])
      .filter((rule) => applies(rule, arch, caps, kernel))
      .map((rule) => ({
        names: rule.names,
        action: rule.action,
        ...(rule.args ? { args: rule.args } : {}),
        ...(rule.errnoRet !== undefined ? { errnoRet: rule.errnoRet } : {}),
      })),
  };
}
