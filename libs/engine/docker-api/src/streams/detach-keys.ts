import { AppError } from '@wharf/errors';

/** Docker's default: ctrl-p then ctrl-q. */
const DEFAULT_KEYS = Buffer.from([0x10, 0x11]);

/** `ctrl-p,ctrl-q`, `ctrl-@`, `a,b`: Docker's detach-keys syntax as the bytes a terminal sends. */
export function parseDetachKeys(spec: string | undefined): Buffer {
  if (!spec) return DEFAULT_KEYS;
  const bytes = spec.split(',').map((key) => {
    if (key.length === 1) return key.charCodeAt(0);
    const ctrl = /^ctrl-([a-z@[\\\]^_])$/.exec(key);
    if (ctrl?.[1]) {
      const c = ctrl[1];
      return c >= 'a' && c <= 'z' ? c.charCodeAt(0) - 96 : c.charCodeAt(0) - 64;
    }
    throw new AppError(
      'InvalidArgument',
      'BAD_DETACH_KEYS',
      `Invalid detach keys (${spec}) provided`,
    );
  });
  return Buffer.from(bytes);
}

/**
 * Watches stdin for the detach sequence across chunk boundaries. Bytes that might start the
 * sequence are held back until it either completes (detach: they are never forwarded) or breaks.
 */
export class DetachDetector {
  private matched = 0;

  constructor(private readonly keys: Buffer) {}

  push(chunk: Buffer): { forward: Buffer; detached: boolean } {
    const out: number[] = [];
    for (const byte of chunk) {
      if (byte === this.keys[this.matched]) {
        this.matched += 1;
        if (this.matched === this.keys.length) return { forward: Buffer.from(out), detached: true };
        continue;
      }
      out.push(...this.keys.subarray(0, this.matched));
      this.matched = byte === this.keys[0] ? 1 : 0;
      if (this.matched === 0) out.push(byte);
    }
    return { forward: Buffer.from(out), detached: false };
  }
}
