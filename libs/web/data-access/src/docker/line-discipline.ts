/**
 * A terminal's "cooked" mode for a process without a TTY (`docker attach` to a container started
 * with `-i` but not `-t`). The docker CLI gets this from the local terminal's line discipline; a
 * browser terminal has none, so keys are echoed and edited here and a line is sent on Enter.
 */
export interface CookedStep {
  /** The line typed so far, not yet sent. */
  line: string;
  /** What the terminal should show for these keys. */
  echo: string;
  /** What goes to the process (whole lines, each ending in `\n`). */
  send: string;
}

const ENTER = '\r';
const BACKSPACE = new Set(['\x7f', '\b']);
const CTRL_U = '\x15';
/** Arrow keys and the like (CSI and SS3 sequences): line editing beyond backspace is not offered. */
// eslint-disable-next-line no-control-regex -- matching the ESC control character is the point
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?/gs;

/** Applies the typed `keys` (xterm's onData) to the pending `line`. Pure. */
export function cookKeys(line: string, keys: string): CookedStep {
  let pending = line;
  let echo = '';
  let send = '';
  for (const key of keys.replace(ESCAPE_SEQUENCE, '')) {
    if (key === ENTER || key === '\n') {
      send += `${pending}\n`;
      echo += '\r\n';
      pending = '';
    } else if (BACKSPACE.has(key)) {
      if (pending.length === 0) continue;
      pending = [...pending].slice(0, -1).join('');
      echo += '\b \b';
    } else if (key === CTRL_U) {
      echo += '\b \b'.repeat([...pending].length);
      pending = '';
    } else if (key >= ' ' || key === '\t') {
      pending += key;
      echo += key;
    }
  }
  return { line: pending, echo, send };
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Output post-processing of a terminal's line discipline (ONLCR): a bare `\n` becomes `\r\n`, so a
 * process without a TTY prints lines that start at the left margin. Pure.
 */
export function newlinesToCrlf(bytes: Uint8Array): Uint8Array {
  let bare = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === LF && bytes[i - 1] !== CR) bare++;
  if (bare === 0) return bytes;
  const out = new Uint8Array(bytes.length + bare);
  let at = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === LF && bytes[i - 1] !== CR) out[at++] = CR;
    out[at++] = bytes[i] ?? 0;
  }
  return out;
}
