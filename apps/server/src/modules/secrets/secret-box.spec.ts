import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { SecretBox, secretKeyId } from './secret-box';
import { loadOrCreateSecretKey } from './secret-key';

const key = () => randomBytes(32);

function flipByte(sealed: string, part: 2 | 3): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[part]!, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part] = bytes.toString('base64');
  return parts.join(':');
}

describe('SecretBox', () => {
  it('round-trips values under a versioned prefix naming the key, with a fresh nonce each time', () => {
    const k = key();
    const box = new SecretBox(k);
    const a = box.seal('s3cret päss');
    const b = box.seal('s3cret päss');
    expect(a).toMatch(new RegExp(`^v1:${secretKeyId(k)}:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$`));
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(box.open(a)).toBe('s3cret päss');
    expect(box.open(b)).toBe('s3cret päss');
    expect(box.open(box.seal(''))).toBe('');
    expect(SecretBox.isSealed(a)).toBe(true);
    expect(SecretBox.isSealed('JBSWY3DPEHPK3PXP')).toBe(false);
  });

  it('detects tampering with the ciphertext, the nonce or the key id', () => {
    const k = key();
    const box = new SecretBox(k);
    const sealed = box.seal('registry password');
    expect(() => box.open(flipByte(sealed, 3))).toThrow(/integrity/);
    expect(() => box.open(flipByte(sealed, 2))).toThrow(/integrity/);
    const other = secretKeyId(key());
    expect(() => box.open(sealed.replace(secretKeyId(k), other))).toThrow(/does not have/);
    expect(() => box.open(sealed.slice(0, 20))).toThrow();
    expect(() => box.open('v2:abc:def:ghi')).toThrow(/format/);
  });

  it('refuses a value sealed with another key, even one given the same id', () => {
    const sealed = new SecretBox(key()).seal('x');
    expect(() => new SecretBox(key()).open(sealed)).toThrow(/does not have/);
    // Same id, different key bytes: authentication fails rather than returning garbage.
    const forged = sealed.split(':');
    const impostor = new SecretBox(key());
    forged[1] = impostor.keyId;
    expect(() => impostor.open(forged.join(':'))).toThrow(/integrity/);
  });

  it('opens values of a previous key after rotation and reports them for resealing', () => {
    const oldKey = key();
    const sealed = new SecretBox(oldKey).seal('old value');
    const rotated = new SecretBox(key(), [oldKey]);
    expect(rotated.open(sealed)).toBe('old value');
    expect(rotated.needsReseal(sealed)).toBe(true);
    expect(rotated.needsReseal(rotated.seal('new'))).toBe(false);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('loadOrCreateSecretKey', () => {
  it('creates a 0600 key file on first use and reads the same key afterwards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-key-'));
    try {
      const file = join(dir, 'server', 'secret.key');
      const first = loadOrCreateSecretKey(undefined, file);
      expect(first).toHaveLength(32);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first)).toBe(true);
      expect(loadOrCreateSecretKey(undefined, file).equals(first)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prefers the configured key and refuses a damaged file instead of replacing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-key-'));
    try {
      const configured = key();
      expect(loadOrCreateSecretKey(configured, join(dir, 'unused.key'))).toBe(configured);
      const file = join(dir, 'bad.key');
      writeFileSync(file, 'c2hvcnQ=\n');
      expect(() => loadOrCreateSecretKey(undefined, file)).toThrow(/32-byte/);
      expect(readFileSync(file, 'utf8')).toBe('c2hvcnQ=\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
