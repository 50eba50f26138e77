import { z } from 'zod';

/**
 * A browser asks for a console on a container: an interactive shell (`exec`, a new process with a
 * TTY) or `attach` to the main process's stdio, as `docker attach` (cmd and user do not apply).
 */
export const ConsoleOpenSchema = z.object({
  hostId: z.string().min(1),
  containerId: z.string().min(1).max(200),
  mode: z.enum(['exec', 'attach']).default('exec'),
  cmd: z.array(z.string().max(1000)).min(1).max(50).default(['sh']),
  /** Run the shell as this user (`name`, `uid`, `uid:gid`); the container's user when omitted. */
  user: z.string().max(200).optional(),
  cols: z.number().int().min(1).max(1000).default(80),
  rows: z.number().int().min(1).max(1000).default(24),
});
export type ConsoleOpen = z.infer<typeof ConsoleOpenSchema>;
/** What a browser sends (defaults not applied yet). */
export type ConsoleOpenRequest = z.input<typeof ConsoleOpenSchema>;

export const ConsoleInputSchema = z.object({
  sessionId: z.string().min(1),
  /** Keystrokes, UTF-8. */
  data: z.string().max(65_536),
});
export type ConsoleInput = z.infer<typeof ConsoleInputSchema>;

export const ConsoleResizeSchema = z.object({
  sessionId: z.string().min(1),
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
});
export type ConsoleResize = z.infer<typeof ConsoleResizeSchema>;

/** Output of a console session (base64); the sender waits for the ack before the next piece. */
export interface ConsoleOutput {
  sessionId: string;
  data: string;
}

export interface ConsoleClosed {
  sessionId: string;
  exitCode: number | null;
}

/** What the server asks an agent to open: the browser's request plus the session id. */
export type AgentConsoleOpen = Omit<ConsoleOpen, 'hostId'> & { sessionId: string };

/**
 * The answer to `console.open`. `tty` is false when attached to a container without a TTY: its
 * output is plain lines (bare `\n`) and typed keys are not echoed, so the terminal must do both.
 */
export type ConsoleOpenReply = { ok: true; tty: boolean } | { ok: false; error: string };
