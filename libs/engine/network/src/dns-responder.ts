import { createSocket, type Socket } from 'node:dgram';

import * as dnsPacket from 'dns-packet';

import type { Logger } from '@wharf/util';

/** Where names outside the engine's networks are asked. */
export interface Upstream {
  host: string;
  port: number;
}

/** Addresses of a name on a network, or undefined when the network does not know it. */
export type NameLookup = (networkId: string, name: string) => string[] | undefined;

interface Listener {
  socket: Socket;
  inSubnet: (ip: string) => boolean;
}

const UPSTREAM_TIMEOUT_MS = 2000;

/**
 * The embedded DNS of user-defined networks: one UDP socket on each network's gateway. Names of
 * that network's containers (name, aliases, short id) are answered from memory, and only to clients
 * on that network; everything else is relayed to the upstream resolvers unchanged.
 */
export class DnsResponder {
  private readonly listeners = new Map<string, Listener>();

  constructor(
    private readonly lookup: NameLookup,
    private readonly upstreams: () => Upstream[],
    private readonly logger: Logger,
  ) {}

  async listen(networkId: string, address: string, inSubnet: (ip: string) => boolean) {
    if (this.listeners.has(networkId)) return;
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(53, address, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', (error) => this.logger.warn({ err: error, networkId }, 'dns socket error'));
    socket.on('message', (msg, from) => {
      this.answer(networkId, msg, from).catch((error: unknown) =>
        this.logger.debug({ err: error, networkId }, 'dns query failed'),
      );
    });
    this.listeners.set(networkId, { socket, inSubnet });
  }

  close(networkId: string): void {
    this.listeners.get(networkId)?.socket.close();
    this.listeners.delete(networkId);
  }

  closeAll(): void {
    for (const id of [...this.listeners.keys()]) this.close(id);
  }

  private async answer(networkId: string, msg: Buffer, from: { address: string; port: number }) {
    const listener = this.listeners.get(networkId);
    if (!listener) return;
    const query = dnsPacket.decode(msg);
    const question = query.questions?.[0];
    const local =
      question && listener.inSubnet(from.address)
        ? this.lookup(networkId, question.name.replace(/\.$/, '').toLowerCase())
        : undefined;
    const reply =
      question && local !== undefined
        ? localAnswer(query, question, local)
        : await this.forward(msg).catch(() => failure(query));
    listener.socket.send(reply, from.port, from.address);
  }

  private async forward(msg: Buffer): Promise<Buffer> {
    for (const upstream of this.upstreams()) {
      const reply = await ask(upstream, msg).catch(() => undefined);
      if (reply) return reply;
    }
    throw new Error('no upstream answered');
  }
}

function localAnswer(
  query: dnsPacket.Packet,
  question: dnsPacket.Question,
  addresses: string[],
): Buffer {
  // A known name has no IPv6 address: an empty NOERROR, so resolvers do not fall back to NXDOMAIN.
  const answers =
    question.type === 'A'
      ? addresses.map((data) => ({
          type: 'A' as const,
          name: question.name,
          ttl: 600,
          class: 'IN' as const,
          data,
        }))
      : [];
  return dnsPacket.encode({
    type: 'response',
    id: query.id ?? 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: [question],
    answers,
  });
}

function failure(query: dnsPacket.Packet): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: query.id ?? 0,
    flags: dnsPacket.RECURSION_AVAILABLE | 2, // rcode SERVFAIL
    questions: query.questions ?? [],
  });
}

function ask(upstream: Upstream, msg: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('upstream timeout'));
    }, UPSTREAM_TIMEOUT_MS);
    socket.once('message', (reply) => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.send(msg, upstream.port, upstream.host);
  });
}
