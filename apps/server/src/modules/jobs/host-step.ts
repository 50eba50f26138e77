import { type JobPayload, type OperationResponse } from '@wharf/contracts';
import { AppError } from '@wharf/errors';

import { type RelayRequest } from '../realtime/operation-relay';

/** Sends one Docker API request to a host and returns the reply. */
export type Relay = (request: RelayRequest) => Promise<OperationResponse>;

const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

function check(
  what: string,
  reply: OperationResponse,
  ok: (status: number) => boolean,
): OperationResponse {
  if (ok(reply.status)) return reply;
  const text = reply.body === undefined ? '' : Buffer.from(reply.body, 'base64').toString('utf8');
  let message = text;
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    message = text; // not JSON: the engine's raw text is the best message there is
  }
  throw new AppError(
    'Unavailable',
    'HOST_STEP_FAILED',
    `${what}: HTTP ${reply.status} ${message}`.trim(),
  );
}

/**
 * What one job does on one host, written so that running it again after a crash or a retry gives
 * the same end state (pull is idempotent; run reuses the container of the same name).
 */
export async function runHostStep(
  jobId: string,
  payload: JobPayload,
  relay: Relay,
): Promise<string> {
  switch (payload.kind) {
    case 'image.pull': {
      const [name, tag] = payload.image.split(':');
      const path = `/images/create?fromImage=${encodeURIComponent(name ?? '')}&tag=${encodeURIComponent(tag ?? 'latest')}`;
      check(
        'pull',
        await relay({ method: 'POST', path, headers: {}, stream: false }),
        (s) => s === 200,
      );
      return `pulled ${payload.image}`;
    }
    case 'system.prune': {
      for (const target of payload.targets)
        check(
          `prune ${target}`,
          await relay({ method: 'POST', path: `/${target}/prune`, headers: {}, stream: false }),
          (s) => s === 200,
        );
      return `pruned ${payload.targets.join(', ')}`;
    }
    case 'container.run': {
      const name = payload.name ?? `wharf-job-${jobId}`;
      const create = await relay({
        method: 'POST',
        path: `/containers/create?name=${encodeURIComponent(name)}`,
        headers: { 'content-type': 'application/json' },
        body: json(payload.config),
        stream: false,
      });
      check('create', create, (s) => s === 201 || s === 409);
      const start = await relay({
        method: 'POST',
        path: `/containers/${encodeURIComponent(name)}/start`,
        headers: {},
        stream: false,
      });
      check('start', start, (s) => s === 204 || s === 304);
      return `running ${name}`;
    }
  }
}
