import { describe, expect, it } from 'vitest';

import { DetachDetector, parseDetachKeys } from './detach-keys';

describe('detach keys', () => {
  it('parses Docker syntax and refuses anything else', () => {
    expect([...parseDetachKeys(undefined)]).toEqual([0x10, 0x11]);
    expect([...parseDetachKeys('ctrl-a,x,ctrl-@')]).toEqual([0x01, 0x78, 0x00]);
    expect(() => parseDetachKeys('ctrl-1')).toThrow('Invalid detach keys (ctrl-1) provided');
  });

  it('detaches on the sequence split across chunks and never forwards it', () => {
    const d = new DetachDetector(parseDetachKeys(undefined));
    expect(d.push(Buffer.from('ls\x10'))).toEqual({ forward: Buffer.from('ls'), detached: false });
    expect(d.push(Buffer.from('\x11rest'))).toEqual({ forward: Buffer.alloc(0), detached: true });
  });

  it('forwards a held byte when the sequence breaks', () => {
    const d = new DetachDetector(parseDetachKeys(undefined));
    expect(d.push(Buffer.from('\x10'))).toEqual({ forward: Buffer.alloc(0), detached: false });
    expect(d.push(Buffer.from('a\x10\x10\x11'))).toEqual({
      forward: Buffer.from('\x10a\x10'),
      detached: true,
    });
  });
});
