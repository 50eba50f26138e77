import {
  concatBytes,
  decodeLogFrames,
  parseLogLine,
  splitLines,
  type LogLine,
  type LogStreamKind,
} from './log-frames';

/**
 * Turns the chunks of a container log response into lines: multiplexed frames are split first
 * unless the container has a TTY (then everything is stdout). UTF-8 characters and lines that span
 * chunks or frames are put back together per stream.
 */
export class LogDecoder {
  private rest: Uint8Array = new Uint8Array(0);
  private readonly decoders = new Map<LogStreamKind, TextDecoder>();
  private readonly pending = new Map<LogStreamKind, string>();

  constructor(private readonly tty: boolean) {}

  /** The lines completed by this chunk. */
  push(chunk: Uint8Array): LogLine[] {
    if (this.tty) return this.text('stdout', chunk);
    const { frames, rest } = decodeLogFrames(concatBytes(this.rest, chunk));
    // Copy: `rest` may be a view into a buffer the stream reader reuses.
    this.rest = rest.slice();
    return frames.flatMap((f) => this.text(f.stream, f.payload));
  }

  /** What is left when the stream ends: unterminated last lines. */
  flush(): LogLine[] {
    const lines: LogLine[] = [];
    for (const [stream, text] of this.pending)
      if (text !== '') lines.push(parseLogLine(stream, text));
    this.pending.clear();
    return lines;
  }

  private text(stream: LogStreamKind, bytes: Uint8Array): LogLine[] {
    let decoder = this.decoders.get(stream);
    if (decoder === undefined) {
      decoder = new TextDecoder('utf-8');
      this.decoders.set(stream, decoder);
    }
    const split = splitLines(
      this.pending.get(stream) ?? '',
      decoder.decode(bytes, { stream: true }),
    );
    this.pending.set(stream, split.pending);
    return split.lines.map((l) => parseLogLine(stream, l));
  }
}
