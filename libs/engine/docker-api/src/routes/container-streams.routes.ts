import type {
  DockerContainerService,
  ExecCreateBody,
  ExecStartOptions,
  LogEntry,
} from '@wharf/engine-container';
import { AppError } from '@wharf/errors';

import type { ApiRequest, ApiResponse, Route } from '../http/api-types';
import { compareApiVersions } from '../http/api-version';
import { boolParam, intParam } from '../http/query';
import { parseTimestampNanos } from '../http/timestamps';
import { drained, writeJsonLine } from '../streams/json-lines';
import { parseDetachKeys } from '../streams/detach-keys';
import { MULTIPLEXED_STREAM, RAW_STREAM, pumpAttach } from '../streams/pump-attach';
import { encodeFrame } from '../streams/stdcopy';
import { untilClosed } from '../streams/until-closed';

function streamContentType(req: ApiRequest, tty: boolean): string {
  return !tty && compareApiVersions(req.version, '1.42') >= 0 ? MULTIPLEXED_STREAM : RAW_STREAM;
}

/** RFC 3339 with nanoseconds, as Docker prints log timestamps. */
function rfc3339Nano(time: Date): string {
  return time.toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}000000Z`);
}

function logOptions(req: ApiRequest) {
  const tail = req.query.get('tail');
  const seconds = (name: string) => {
    const nanos = parseTimestampNanos(req.query.get(name));
    return nanos === undefined ? undefined : nanos / 1e9;
  };
  return {
    follow: boolParam(req.query, 'follow'),
    stdout: boolParam(req.query, 'stdout'),
    stderr: boolParam(req.query, 'stderr'),
    timestamps: boolParam(req.query, 'timestamps'),
    since: seconds('since'),
    until: seconds('until'),
    tail:
      tail === null || tail === '' || tail === 'all'
        ? ('all' as const)
        : Math.max(0, Number(tail) || 0),
  };
}

async function logs(
  containers: DockerContainerService,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const id = req.params['id'] ?? '';
  const options = logOptions(req);
  if (!options.stdout && !options.stderr) {
    throw new AppError(
      'InvalidArgument',
      'NO_STREAM',
      'Bad parameters: you must choose at least one stream',
    );
  }
  const tty = (await containers.inspect(id)).Config.Tty === true;
  const out = res.stream(200, { 'Content-Type': streamContentType(req, tty) });
  const render = (entry: LogEntry) =>
    options.timestamps
      ? Buffer.concat([Buffer.from(`${rfc3339Nano(entry.time)} `), entry.data])
      : entry.data;
  for await (const entry of untilClosed(containers.logs(id, options), res.closed)) {
    const data = render(entry);
    out.write(tty ? data : encodeFrame(entry.stream, data));
    await drained(out);
  }
  out.end();
}

async function attach(
  containers: DockerContainerService,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const withStdin = boolParam(req.query, 'stdin');
  const detachKeys = parseDetachKeys(req.query.get('detachKeys') ?? undefined);
  const handle = await containers.attach(req.params['id'] ?? '', {
    stdin: withStdin,
    stdout: boolParam(req.query, 'stdout'),
    stderr: boolParam(req.query, 'stderr'),
    stream: boolParam(req.query, 'stream'),
    logs: boolParam(req.query, 'logs'),
    detachKeys: req.query.get('detachKeys') ?? undefined,
  });
  const socket = res.hijack(streamContentType(req, handle.tty));
  // As dockerd: the detach sequence is only looked for on a TTY; plain stdin is copied verbatim.
  await pumpAttach(handle, socket, req.log, withStdin, handle.tty ? detachKeys : undefined);
}

async function stats(
  containers: DockerContainerService,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const id = req.params['id'] ?? '';
  const stream = boolParam(req.query, 'stream', true) && !boolParam(req.query, 'one-shot');
  await containers.inspect(id);
  const out = res.stream(200, { 'Content-Type': 'application/json' });
  for await (const sample of untilClosed(containers.stats(id, { stream }), res.closed)) {
    writeJsonLine(out, sample);
    await drained(out);
    if (!stream) break;
  }
  out.end();
}

async function execStart(
  containers: DockerContainerService,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const body = (await req.json<ExecStartOptions>()) ?? {};
  const handle = await containers.execStart(req.params['id'] ?? '', body);
  if (body.Detach || handle === null) {
    res.empty(200);
    return;
  }
  await pumpAttach(handle, res.hijack(streamContentType(req, handle.tty)), req.log, true);
}

/** Logs, attach, stats and exec: the streaming half of the container API. */
export function containerStreamRoutes(containers: DockerContainerService): Route[] {
  const id = (req: ApiRequest) => req.params['id'] ?? '';
  return [
    {
      method: 'GET',
      path: '/containers/{id}/logs',
      handler: (req, res) => logs(containers, req, res),
    },
    {
      method: 'POST',
      path: '/containers/{id}/attach',
      handler: (req, res) => attach(containers, req, res),
    },
    {
      method: 'GET',
      path: '/containers/{id}/stats',
      handler: (req, res) => stats(containers, req, res),
    },
    {
      method: 'POST',
      path: '/containers/{id}/exec',
      handler: async (req, res) => {
        const body = await req.json<ExecCreateBody>();
        if (!body?.Cmd?.length)
          throw new AppError('InvalidArgument', 'NO_CMD', 'No exec command specified');
        res.json(201, await containers.execCreate(id(req), body));
      },
    },
    {
      method: 'POST',
      path: '/exec/{id}/start',
      handler: (req, res) => execStart(containers, req, res),
    },
    {
      method: 'POST',
      path: '/exec/{id}/resize',
      handler: async (req, res) => {
        await containers.execResize(
          id(req),
          intParam(req.query, 'h', 0) ?? 0,
          intParam(req.query, 'w', 0) ?? 0,
        );
        res.json(200, {});
      },
    },
    {
      method: 'GET',
      path: '/exec/{id}/json',
      handler: async (req, res) => res.json(200, await containers.execInspect(id(req))),
    },
  ];
}
