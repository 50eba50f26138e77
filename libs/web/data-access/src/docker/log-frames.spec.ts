import { describe, expect, it } from 'vitest';

import { LogDecoder } from './log-decoder';
import { decodeLogFrames, parseLogLine, splitLines } from './log-frames';

function frame(stream: number, text: string | Uint8Array): Uint8Array {
  const payload = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const out = new Uint8Array(8 + payload.byteLength);
  out[0] = stream;
  new DataView(out.buffer).setUint32(4, payload.byteLength, false);
  out.set(payload, 8);
  return out;
}

const join = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('decodeLogFrames', () => {
  it('splits whole frames and names their streams', () => {
    const { frames, rest } = decodeLogFrames(join(frame(1, 'out\n'), frame(2, 'err\n')));
    expect(frames.map((f) => [f.stream, text(f.payload)])).toEqual([
      ['stdout', 'out\n'],
      ['stderr', 'err\n'],
    ]);
    expect(rest.byteLength).toBe(0);
  });

  it('keeps a partial header or payload as the rest', () => {
    const whole = join(frame(1, 'first\n'), frame(2, 'second\n'));
    const cut = whole.subarray(0, whole.byteLength - 3);
    const { frames, rest } = decodeLogFrames(cut);
    expect(frames).toHaveLength(1);
    expect(rest.byteLength).toBe(8 + 'second\n'.length - 3);
    expect(decodeLogFrames(whole.subarray(0, 5)).frames).toHaveLength(0);
    expect(decodeLogFrames(whole.subarray(0, 5)).rest.byteLength).toBe(5);
  });

  it('reads the length as big-endian and allows empty and large payloads', () => {
    const big = new Uint8Array(70_000).fill(65);
    const { frames } = decodeLogFrames(join(frame(1, ''), frame(2, big)));
    expect(frames.map((f) => f.payload.byteLength)).toEqual([0, 70_000]);
    expect(frames[1]?.stream).toBe('stderr');
  });

  it('works on a view into a larger buffer', () => {
    const backing = join(new Uint8Array(3), frame(1, 'x\n'));
    expect(text(decodeLogFrames(backing.subarray(3)).frames[0]!.payload)).toBe('x\n');
  });
});

describe('splitLines and parseLogLine', () => {
  it('keeps the unterminated tail and drops CR before LF', () => {
    expect(splitLines('ab', 'c\r\nde\nf')).toEqual({ lines: ['abc', 'de'], pending: 'f' });
  });

  it('separates the engine timestamp from the text', () => {
    expect(parseLogLine('stdout', '2024-05-01T10:00:00.123456789Z hello world')).toEqual({
      stream: 'stdout',
      time: '2024-05-01T10:00:00.123456789Z',
      text: 'hello world',
    });
    expect(parseLogLine('stderr', 'no time here').time).toBeNull();
  });
});

describe('LogDecoder', () => {
  it('joins lines and UTF-8 characters split across chunks and frames', () => {
    const decoder = new LogDecoder(false);
    const euro = new TextEncoder().encode('€'); // 3 bytes
    const bytes = join(
      frame(1, 'hel'),
      frame(1, join(new TextEncoder().encode('lo '), euro.subarray(0, 1))),
      frame(1, join(euro.subarray(1), new TextEncoder().encode('\n'))),
      frame(2, 'oops\n'),
    );
    const lines = [];
    for (let i = 0; i < bytes.byteLength; i += 5)
      lines.push(...decoder.push(bytes.slice(i, i + 5)));
    expect(lines.map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'hello €'],
      ['stderr', 'oops'],
    ]);
  });

  it('treats a TTY stream as raw stdout and flushes the last unterminated line', () => {
    const decoder = new LogDecoder(true);
    expect(decoder.push(new TextEncoder().encode('one\ntw')).map((l) => l.text)).toEqual(['one']);
    expect(decoder.flush()).toEqual([{ stream: 'stdout', time: null, text: 'tw' }]);
  });
});
