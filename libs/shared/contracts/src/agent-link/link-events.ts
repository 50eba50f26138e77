import { z } from 'zod';

import { HostFactsSchema } from '../hosts/host-facts.schema';

/** Socket.io namespace agents connect to, with their client certificate (mutual TLS). */
export const AGENT_NAMESPACE = '/agent';

export const AgentHelloSchema = z.object({ facts: HostFactsSchema });
export type AgentHello = z.infer<typeof AgentHelloSchema>;

/** Events an agent sends to the server. */
export interface AgentToServerEvents {
  'agent.hello': (
    hello: AgentHello,
    ack: (reply: { ok: true; hostId: string } | { ok: false; error: string }) => void,
  ) => void;
}

/** Events the server sends to an agent. */
export interface ServerToAgentEvents {
  /** The host was removed or its certificate revoked: stop reporting and do not reconnect. */
  'agent.removed': (reason: { message: string }) => void;
}
