import { randomUUID } from 'node:crypto';

import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type OperationRequest, type OperationResponse } from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { type Server } from 'socket.io';

import { type ServerConfig } from '../core/server-config';
import { SERVER_CONFIG } from '../core/tokens';
import { redisOptionsFromUrl } from '../queue/redis-connection';

/** How long the replica holding the agent has to claim a request before the host counts as offline. */
const CLAIM_TIMEOUT_MS = 2000;

type Message =
  | {
      type: 'request';
      id: string;
      from: string;
      hostId: string;
      request: OperationRequest;
      timeoutMs: number;
    }
  | { type: 'claim'; id: string }
  | { type: 'reply'; id: string; response?: OperationResponse; error?: string };

interface Pending {
  claimed: boolean;
  timeoutMs: number;
  resolve: (r: OperationResponse | undefined) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** Performs a request for a host connected to this replica; undefined when it is not. */
export type LocalHandler = (
  hostId: string,
  request: OperationRequest,
  timeoutMs: number,
) => Promise<OperationResponse> | undefined;

/**
 * What several server replicas share through Redis: the socket.io adapter (events reach browsers
 * on every replica) and request/response routing of relayed operations to whichever replica holds
 * the agent's link.
 */
@Injectable()
export class ClusterBus implements OnModuleInit, OnModuleDestroy {
  readonly replicaId = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly pending = new Map<string, Pending>();
  private readonly prefix: string;
  private local: LocalHandler = () => undefined;

  constructor(
    @Inject(SERVER_CONFIG) config: ServerConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(ClusterBus.name);
    this.prefix = config.redisPrefix;
    const options = { ...redisOptionsFromUrl(config.redisUrl), lazyConnect: false };
    this.pub = new Redis(options);
    this.sub = new Redis(options);
    for (const client of [this.pub, this.sub])
      client.on('error', (error) => logger.warn({ err: error.message }, 'redis (cluster) error'));
  }

  private get requests(): string {
    return `${this.prefix}:relay:requests`;
  }

  private replyChannel(replica: string): string {
    return `${this.prefix}:relay:replies:${replica}`;
  }

  async onModuleInit(): Promise<void> {
    this.sub.on('message', (_channel: string, text: string) =>
      this.onMessage(JSON.parse(text) as Message),
    );
    await this.sub.subscribe(this.requests, this.replyChannel(this.replicaId));
  }

  installAdapter(io: Server): void {
    io.adapter(
      createAdapter(this.pub.duplicate(), this.sub.duplicate(), {
        key: `${this.prefix}:socket.io`,
      }),
    );
  }

  serve(handler: LocalHandler): void {
    this.local = handler;
  }

  /** Asks the other replicas; undefined when none holds the host's link. */
  request(
    hostId: string,
    request: OperationRequest,
    timeoutMs: number,
  ): Promise<OperationResponse | undefined> {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.expire(id), CLAIM_TIMEOUT_MS);
      this.pending.set(id, { claimed: false, timeoutMs, resolve, reject, timer });
      const message: Message = {
        type: 'request',
        id,
        from: this.replicaId,
        hostId,
        request,
        timeoutMs,
      };
      this.pub.publish(this.requests, JSON.stringify(message)).catch((error: unknown) => {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(
          new AppError('Unavailable', 'CLUSTER_UNREACHABLE', 'Redis is not reachable', {
            cause: error,
          }),
        );
      });
    });
  }

  private expire(id: string): void {
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    if (p.claimed)
      p.reject(new AppError('Unavailable', 'AGENT_TIMEOUT', 'the agent did not answer in time'));
    else p.resolve(undefined);
  }

  private onMessage(message: Message): void {
    if (message.type === 'request') {
      if (message.from !== this.replicaId) this.serveRemote(message);
      return;
    }
    const p = this.pending.get(message.id);
    if (p === undefined) return;
    if (message.type === 'claim') {
      // The replica holding the link has it: now wait as long as the operation itself may take.
      p.claimed = true;
      clearTimeout(p.timer);
      p.timer = setTimeout(() => this.expire(message.id), p.timeoutMs);
      return;
    }
    clearTimeout(p.timer);
    this.pending.delete(message.id);
    if (message.response !== undefined) p.resolve(message.response);
    else p.reject(new AppError('Unavailable', 'RELAY_FAILED', message.error ?? 'relay failed'));
  }

  private serveRemote(message: Extract<Message, { type: 'request' }>): void {
    const work = this.local(message.hostId, message.request, message.timeoutMs);
    if (work === undefined) return;
    const send = (reply: Message) =>
      this.pub
        .publish(this.replyChannel(message.from), JSON.stringify(reply))
        .catch((error: unknown) =>
          this.logger.warn(
            { err: error instanceof Error ? error.message : String(error) },
            'cluster reply failed',
          ),
        );
    void send({ type: 'claim', id: message.id });
    work.then(
      (response) => send({ type: 'reply', id: message.id, response }),
      (error: unknown) =>
        send({
          type: 'reply',
          id: message.id,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  }

  async onModuleDestroy(): Promise<void> {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    for (const client of [this.sub, this.pub])
      await client
        .quit()
        .catch((error: unknown) =>
          this.logger.debug(
            { err: error instanceof Error ? error.message : String(error) },
            'redis quit failed',
          ),
        );
  }
}
