/** One line of Docker's JSON progress stream (`jsonmessage.JSONMessage`). */
export interface ProgressMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  progress?: string;
  aux?: Record<string, unknown>;
  errorDetail?: { message: string };
  error?: string;
}

/** Receives progress lines as they happen. */
export type ProgressSink = (message: ProgressMessage) => void;

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** Go's `%.4g` for the values HumanSize produces (below 1000 once scaled). */
function fourSignificant(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/** go-units `HumanSize`: decimal units, four significant digits (`1.235MB`, `532B`). */
export function humanSize(bytes: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < UNITS.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${fourSignificant(size)}${UNITS[unit] ?? 'B'}`;
}

/**
 * The `progress` string dockerd sends (`JSONProgress.String()` at its default width of 200):
 * a 50-column bar and `current/total` right-aligned in 8 columns, e.g.
 * `[=====>                                             ]  1.049MB/10.49MB`.
 */
export function progressBar(current: number, total: number): string {
  if (current <= 0 && total <= 0) return '';
  if (total <= 0) return humanSize(current).padStart(8);
  const percentage = Math.min(50, Math.floor(Math.floor((current / total) * 100) / 2));
  const bar = `[${'='.repeat(percentage)}>${' '.repeat(Math.max(0, 50 - percentage))}] `;
  const numbers =
    current > total
      ? humanSize(current).padStart(8)
      : `${humanSize(current).padStart(8)}/${humanSize(total)}`;
  return bar + numbers;
}

/** A status line for one layer (`Pulling fs layer`, `Download complete`, …). */
export function layerStatus(id: string, status: string): ProgressMessage {
  return { status, progressDetail: {}, id };
}

/** A progress line for one layer (`Downloading`, `Extracting`, `Pushing`). */
export function layerProgress(
  id: string,
  status: string,
  current: number,
  total: number,
): ProgressMessage {
  return { status, progressDetail: { current, total }, progress: progressBar(current, total), id };
}

/** Docker's in-stream error line. */
export function errorMessage(message: string): ProgressMessage {
  return { errorDetail: { message }, error: message };
}

/** The 12-hex short form Docker uses as a layer's progress id. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
