import { z } from 'zod';

import { HostFactsSchema } from '../hosts/host-facts.schema';
import {
  type AgentConsoleOpen,
  type ConsoleClosed,
  type ConsoleInput,
  type ConsoleOpenReply,
  type ConsoleOutput,
  type ConsoleResize,
} from '../operations/console.schema';
import {
  type OperationChunk,
  type OperationEnd,
  type OperationRequest,
  type OperationResponse,
} from '../operations/operation.schema';
import {
  type StateEventBatch,
  type StateSnapshot,
  type StatsSample,
  type SyncPosition,
} from './sync.schema';

/** Socket.io namespace agents connect to, with their client certificate (mutual TLS). */
export const AGENT_NAMESPACE = '/agent';

export const AgentHelloSchema = z.object({
  facts: HostFactsSchema,
  /** The agent's event stream: its epoch and the last sequence number it produced. */
  sync: z.object({ epoch: z.string().min(1).max(100), seq: z.number().int() }).optional(),
});
export type AgentHello = z.infer<typeof AgentHelloSchema>;

export const CertificateRenewalSchema = z.object({ csrPem: z.string().min(100).max(10_000) });

type Ack<T> = (reply: T) => void;
type Result<T> = ({ ok: true } & T) | { ok: false; error: string };

/** Events an agent sends to the server. */
export interface AgentToServerEvents {
  'agent.hello': (hello: AgentHello, ack: Ack<Result<{ hostId: string } & SyncPosition>>) => void;
  'agent.snapshot': (snapshot: StateSnapshot, ack: Ack<Result<{ ackedSeq: number }>>) => void;
  'agent.events': (
    batch: StateEventBatch,
    ack: Ack<Result<{ ackedSeq: number } & SyncPosition>>,
  ) => void;
  'agent.stats': (sample: StatsSample) => void;
  /** Asks for a fresh certificate for a new key (sent when less than a third of the lifetime is left). */
  'agent.renew': (
    request: { csrPem: string },
    ack: Ack<Result<{ certificatePem: string }>>,
  ) => void;
  'op.data': (chunk: OperationChunk, ack: Ack<{ ok: boolean }>) => void;
  'op.end': (end: OperationEnd) => void;
  'console.output': (output: ConsoleOutput, ack: Ack<{ ok: boolean }>) => void;
  'console.closed': (closed: ConsoleClosed) => void;
}

/** Events the server sends to an agent. */
export interface ServerToAgentEvents {
  /** The host was removed or its certificate revoked: stop reporting and do not reconnect. */
  'agent.removed': (reason: { message: string }) => void;
  /** The server lost track of this agent's state: send a full snapshot. */
  'agent.resync': () => void;
  /** Renew the client certificate now (an operator asked), whatever its age. */
  'agent.rotate': (ack: Ack<Result<{ validTo: string }>>) => void;
  'op.request': (request: OperationRequest, ack: Ack<OperationResponse>) => void;
  'op.cancel': (request: { opId: string }) => void;
  'console.open': (open: AgentConsoleOpen, ack: Ack<ConsoleOpenReply>) => void;
  'console.input': (input: ConsoleInput) => void;
  'console.resize': (resize: ConsoleResize) => void;
  'console.close': (close: { sessionId: string }) => void;
}
