/** Which output a piece of container log came from. */
export type LogStreamKind = 'stdin' | 'stdout' | 'stderr';

export interface LogFrame {
  stream: LogStreamKind;
  payload: Uint8Array;
}

export interface DecodedFrames {
  frames: LogFrame[];
  /** Bytes of an incomplete frame at the end: prepend them to the next chunk. */
  rest: Uint8Array;
}

const HEADER_BYTES = 8;
const STREAMS: Record<number, LogStreamKind> = { 0: 'stdin', 1: 'stdout', 2: 'stderr' };

/**
 * Splits Docker's multiplexed log/attach stream (containers without a TTY) into frames. Each frame
 * is an 8-byte header — stream type (0 stdin, 1 stdout, 2 stderr), three zero bytes, the payload
 * length as a big-endian uint32 — and the payload. Pure: what does not form a whole frame yet is
 * returned as `rest`. An unknown stream type is reported as stdout, as the docker CLI does not
 * refuse it either.
 */
export function decodeLogFrames(buffer: Uint8Array): DecodedFrames {
  const frames: LogFrame[] = [];
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let at = 0;
  while (buffer.byteLength - at >= HEADER_BYTES) {
    const length = view.getUint32(at + 4, false);
    if (buffer.byteLength - at - HEADER_BYTES < length) break;
    const stream = STREAMS[buffer[at] ?? 1] ?? 'stdout';
    frames.push({
      stream,
      payload: buffer.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length),
    });
    at += HEADER_BYTES + length;
  }
  return { frames, rest: buffer.subarray(at) };
}

/** `a` followed by `b` in one buffer (`a` alone when `b` is empty and the other way round). */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b;
  if (b.byteLength === 0) return a;
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

export interface SplitLines {
  lines: string[];
  /** Text after the last newline, kept until its line is complete. */
  pending: string;
}

/** Complete lines of `pending + text` (without their `\n` or `\r\n`), and what is left over. */
export function splitLines(pending: string, text: string): SplitLines {
  const parts = (pending + text).split('\n');
  const last = parts.pop() ?? '';
  return { lines: parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)), pending: last };
}

export interface LogLine {
  stream: LogStreamKind;
  /** RFC 3339 time the engine put in front of the line (`timestamps=1`), or null. */
  time: string | null;
  text: string;
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) ?/;

/** A raw log line split into the engine's timestamp (when present) and the text. */
export function parseLogLine(stream: LogStreamKind, raw: string): LogLine {
  const match = TIMESTAMP.exec(raw);
  if (match === null) return { stream, time: null, text: raw };
  return { stream, time: match[1] ?? null, text: raw.slice(match[0].length) };
}
