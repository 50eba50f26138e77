import { type AgentToServerEvents, type ServerToAgentEvents } from '@wharf/contracts';
import { type Socket } from 'socket.io-client';

/** The agent's end of the socket.io link. */
export type LinkSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;
