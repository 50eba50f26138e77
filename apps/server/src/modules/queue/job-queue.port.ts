/**
 * Background jobs (the BullMQ driver today; a synchronous one can stand in for tests). Real jobs come
 * with later issues; the skeleton makes the server depend on Redis from day one.
 */
export abstract class JobQueue {
  /** Enqueues a job; resolves with its id once Redis has it. */
  abstract add(queue: string, name: string, data: Record<string, unknown>): Promise<string>;
  /** Resolves when the backing store answers; throws an AppError('Unavailable') otherwise. */
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}
