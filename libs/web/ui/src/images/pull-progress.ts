/** One line of Docker's JSON progress stream (`POST /images/create`, `POST /images/load`). */
export interface ProgressLine {
  id?: string;
  status?: string;
  stream?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** One layer's latest state: its status line and, while it moves, bytes done of total. */
export interface LayerProgress {
  id: string;
  status: string;
  current?: number;
  total?: number;
}

export interface PullProgress {
  layers: LayerProgress[];
  /** Lines about the whole image, in order (`Pulling from …`, `Digest: …`, `Status: …`). */
  messages: string[];
  error?: string;
}

export const emptyProgress = (): PullProgress => ({ layers: [], messages: [] });

/**
 * Splits a byte stream of newline-separated JSON into parsed lines as chunks arrive; a line cut by a
 * chunk boundary waits for its end. Lines that are not JSON are kept as plain text status lines.
 */
export class JsonLineSplitter {
  private readonly decoder = new TextDecoder();
  private rest = '';

  feed(chunk: Uint8Array): ProgressLine[] {
    this.rest += this.decoder.decode(chunk, { stream: true });
    const parts = this.rest.split('\n');
    this.rest = parts.pop() ?? '';
    return parts.flatMap(parseLine);
  }

  /** What was left without a final newline. */
  end(): ProgressLine[] {
    const last = this.rest + this.decoder.decode();
    this.rest = '';
    return parseLine(last);
  }
}

function parseLine(text: string): ProgressLine[] {
  const line = text.trim();
  if (line === '') return [];
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? [parsed] : [];
  } catch {
    return [{ status: line }];
  }
}

/** A line names a layer when it has an id and is not the "Pulling from <repo>" header. */
const isLayerLine = (line: ProgressLine): line is ProgressLine & { id: string } =>
  line.id !== undefined && line.id !== '' && !(line.status ?? '').startsWith('Pulling from');

/** Folds one progress line into the state (a new object; layers keep their first-seen order). */
export function applyProgress(state: PullProgress, line: ProgressLine): PullProgress {
  const failure = line.errorDetail?.message ?? line.error;
  if (failure !== undefined) return { ...state, error: failure };
  if (isLayerLine(line)) {
    const detail = line.progressDetail ?? {};
    const next: LayerProgress = { id: line.id, status: line.status ?? '' };
    if (detail.total !== undefined && detail.total > 0) {
      next.current = detail.current ?? 0;
      next.total = detail.total;
    }
    const at = state.layers.findIndex((l) => l.id === line.id);
    const layers = state.layers.slice();
    if (at < 0) layers.push(next);
    else layers[at] = next;
    return { ...state, layers };
  }
  const text = (line.status ?? line.stream ?? '').trim();
  if (text === '') return state;
  const header = line.id ? `${text} ${line.id}` : text;
  return { ...state, messages: [...state.messages, header] };
}

/** Whether a layer is finished (its bar shows full). */
export const layerDone = (layer: LayerProgress): boolean =>
  /complete|already exists/i.test(layer.status);

/** 0–100 for a layer's bar: bytes when known, full when finished, empty otherwise. */
export function layerPercent(layer: LayerProgress): number {
  if (layerDone(layer)) return 100;
  if (layer.total === undefined || layer.total <= 0) return 0;
  return Math.min(100, Math.round(((layer.current ?? 0) / layer.total) * 100));
}

/** Splits `name[:tag]` (a registry host may carry a port: `127.0.0.1:5000/x/y:1`). */
export function splitReference(reference: string): { name: string; tag: string } {
  const ref = reference.trim();
  const at = ref.indexOf('@');
  if (at >= 0) return { name: ref.slice(0, at), tag: ref.slice(at + 1) };
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) return { name: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { name: ref, tag: 'latest' };
}
