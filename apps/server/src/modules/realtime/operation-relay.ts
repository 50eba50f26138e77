import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import {
  OperationChunkSchema,
  OperationResponseSchema,
  type OperationChunk,
  type OperationEnd,
  type OperationRequest,
  type OperationResponse,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';

import { AgentConnections, type AgentSocket } from './agent-connections';
import { ClusterBus } from './cluster-bus';

/** A relayed request, minus the id the relay assigns. */
export type RelayRequest = Omit<OperationRequest, 'opId'>;

/** Receives a streamed body; the agent's next chunk waits until the returned promise settles. */
export type ChunkSink = (chunk: Buffer) => Promise<void>;

export interface RelayStream {
  head: OperationResponse;
  /** Settles when the agent ends the stream (rejects with its error). */
  done: Promise<void>;
  cancel(): void;
}

function offline(hostLabel: string): AppError {
  return new AppError('Unavailable', 'HOST_OFFLINE', `host ${hostLabel} is offline`);
}

/**
 * Sends Docker-API-shaped requests to a connected agent over its socket.io link and returns its
 * answer. Streams arrive as acknowledged chunks: the agent reads its engine's response only as fast
 * as the sink accepts it, so a slow browser holds back the agent instead of filling server memory.
 */
@Injectable()
export class OperationRelay {
  constructor(
    private readonly connections: AgentConnections,
    private readonly cluster: ClusterBus,
  ) {
    cluster.serve((hostId, request, timeoutMs) => {
      const socket = this.connections.get(hostId);
      return socket === undefined ? undefined : this.send(socket, request, timeoutMs);
    });
  }

  isConnected(hostId: string): boolean {
    return this.connections.get(hostId) !== undefined;
  }

  private socketOf(hostId: string, hostLabel: string): AgentSocket {
    const socket = this.connections.get(hostId);
    if (socket === undefined) throw offline(hostLabel);
    return socket;
  }

  private send(
    socket: AgentSocket,
    request: OperationRequest,
    timeoutMs: number,
  ): Promise<OperationResponse> {
    return new Promise((resolve, reject) => {
      socket
        .timeout(timeoutMs)
        .emit('op.request', request, (error: Error | null, reply: unknown) => {
          if (error !== null) {
            reject(
              new AppError('Unavailable', 'AGENT_TIMEOUT', 'the agent did not answer in time'),
            );
            return;
          }
          const parsed = OperationResponseSchema.safeParse(reply);
          if (parsed.success) resolve(parsed.data);
          else
            reject(new AppError('Internal', 'AGENT_BAD_REPLY', 'the agent sent an invalid reply'));
        });
    });
  }

  /** One request, one buffered response; a host linked to another replica is reached through it. */
  async request(
    hostId: string,
    hostLabel: string,
    request: RelayRequest,
    timeoutMs = 120_000,
  ): Promise<OperationResponse> {
    const op: OperationRequest = { ...request, stream: false, opId: randomUUID() };
    const socket = this.connections.get(hostId);
    if (socket !== undefined) return this.send(socket, op, timeoutMs);
    const remote = await this.cluster.request(hostId, op, timeoutMs);
    if (remote === undefined) throw offline(hostLabel);
    return remote;
  }

  /** Starts a streamed request: resolves with the response head once the agent has it. */
  async stream(
    hostId: string,
    hostLabel: string,
    request: RelayRequest,
    sink: ChunkSink,
  ): Promise<RelayStream> {
    const socket = this.socketOf(hostId, hostLabel);
    const opId = randomUUID();
    let finish: (error?: Error) => void = () => undefined;
    const done = new Promise<void>((resolve, reject) => {
      finish = (error) => (error === undefined ? resolve() : reject(error));
    });
    const onData = (chunk: OperationChunk, ack: (reply: { ok: boolean }) => void) => {
      const parsed = OperationChunkSchema.safeParse(chunk);
      if (!parsed.success || parsed.data.opId !== opId) return;
      sink(Buffer.from(parsed.data.data, 'base64')).then(
        () => ack({ ok: true }),
        () => ack({ ok: false }),
      );
    };
    const onEnd = (end: OperationEnd) => {
      if (end?.opId !== opId) return;
      cleanup();
      finish(end.error === undefined ? undefined : new Error(end.error));
    };
    const onGone = () => {
      cleanup();
      finish(offline(hostLabel));
    };
    const cleanup = () => {
      socket.off('op.data', onData);
      socket.off('op.end', onEnd);
      socket.off('disconnect', onGone);
    };
    socket.on('op.data', onData);
    socket.on('op.end', onEnd);
    socket.on('disconnect', onGone);
    const head = await this.send(socket, { ...request, stream: true, opId }, 60_000).catch(
      (error: unknown) => {
        cleanup();
        throw error;
      },
    );
    if (head.body !== undefined || head.error !== undefined) {
      cleanup();
      finish();
    }
    const cancel = () => {
      socket.emit('op.cancel', { opId });
      cleanup();
      finish();
    };
    return { head, done, cancel };
  }
}
