import { describe, expect, it } from 'vitest';

import { DEFAULT_CAPABILITIES } from '../capabilities';
import { defaultSeccompProfile } from './default-profile';

type Rule = { names: string[]; action: string; errnoRet?: number };
const allowed = (profile: object) =>
  new Set(
    (profile as { syscalls: Rule[] }).syscalls
      .filter((r) => r.action === 'SCMP_ACT_ALLOW')
      .flatMap((r) => r.names),
  );

describe("Docker's default seccomp profile", () => {
  it('denies by default with EPERM on x86_64 and its sub-architectures', () => {
    const profile = defaultSeccompProfile(DEFAULT_CAPABILITIES, 'amd64', '6.18') as Record<
      string,
      unknown
    >;
    expect(profile).toMatchObject({
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: 1,
      architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
    });
  });

  it('allows mount/unshare/setns only with CAP_SYS_ADMIN, and makes clone3 ENOSYS without it', () => {
    const plain = defaultSeccompProfile(DEFAULT_CAPABILITIES, 'amd64', '6.18');
    for (const call of ['mount', 'unshare', 'setns', 'bpf', 'reboot'])
      expect(allowed(plain).has(call)).toBe(false);
    expect(allowed(plain).has('read')).toBe(true);
    const clone3 = (plain as { syscalls: Rule[] }).syscalls.find((r) => r.names.includes('clone3'));
    expect(clone3).toMatchObject({ action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
    const admin = defaultSeccompProfile(
      [...DEFAULT_CAPABILITIES, 'CAP_SYS_ADMIN'],
      'amd64',
      '6.18',
    );
    for (const call of ['mount', 'unshare', 'setns']) expect(allowed(admin).has(call)).toBe(true);
  });

  it('keeps architecture-specific rules to their architecture', () => {
    expect(
      allowed(defaultSeccompProfile(DEFAULT_CAPABILITIES, 'amd64', '6.18')).has('arch_prctl'),
    ).toBe(true);
    expect(
      allowed(defaultSeccompProfile(DEFAULT_CAPABILITIES, 'arm64', '6.18')).has('arch_prctl'),
    ).toBe(false);
  });
});
