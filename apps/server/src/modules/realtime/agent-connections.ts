import { Injectable } from '@nestjs/common';
import { type AgentToServerEvents, type ServerToAgentEvents } from '@wharf/contracts';
import { type Socket } from 'socket.io';

export type AgentSocket = Socket<
  AgentToServerEvents,
  ServerToAgentEvents,
  Record<string, never>,
  { hostId: string }
>;

/** The agents connected to THIS server process, by host id (the agent gateway keeps it current). */
@Injectable()
export class AgentConnections {
  private readonly sockets = new Map<string, AgentSocket>();

  get(hostId: string): AgentSocket | undefined {
    return this.sockets.get(hostId);
  }

  /** Registers the socket; returns the one it replaces (a reconnect racing the old link's timeout). */
  set(hostId: string, socket: AgentSocket): AgentSocket | undefined {
    const previous = this.sockets.get(hostId);
    this.sockets.set(hostId, socket);
    return previous === socket ? undefined : previous;
  }

  /** Forgets the socket only if it is still the current one for the host. */
  release(hostId: string, socket: AgentSocket): boolean {
    if (this.sockets.get(hostId) !== socket) return false;
    this.sockets.delete(hostId);
    return true;
  }

  /** Tells the agent why (it then stops reporting) and closes its link. */
  evict(hostId: string, message: string): void {
    const socket = this.sockets.get(hostId);
    if (socket === undefined) return;
    this.sockets.delete(hostId);
    socket.emit('agent.removed', { message });
    // Give the message a moment to leave before the close frame.
    setTimeout(() => socket.disconnect(true), 200).unref();
  }

  get size(): number {
    return this.sockets.size;
  }
}
