import { Injectable } from '@nestjs/common';
import {
  ConsoleInputSchema,
  ConsoleOpenSchema,
  ConsoleResizeSchema,
  SESSION_COOKIE,
  UI_NAMESPACE,
  type ServerToUiEvents,
  type SessionUser,
  type UiToServerEvents,
} from '@wharf/contracts';
import { PinoLogger } from 'nestjs-pino';
import { type Namespace, type Server } from 'socket.io';

import { AuthService } from '../auth/auth.service';
import { OperationsService } from '../operations/operations.service';
import { ConsoleRelay, type UiSocket } from '../realtime/console-relay';
import { FleetEvents } from '../realtime/fleet-events';
import { HostEvents } from './host-events';

type UiNamespace = Namespace<
  UiToServerEvents,
  ServerToUiEvents,
  Record<string, never>,
  { user: SessionUser }
>;

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** Rooms: every browser joins `user:<id>`; administrators also `admins` and the `host:<id>` rooms they ask for. */
export const ADMINS_ROOM = 'admins';
export const userRoom = (id: string): string => `user:${id}`;
export const hostRoom = (id: string): string => `host:${id}`;

/**
 * The `/ui` namespace: browsers with a valid session cookie receive host, inventory, stats and job
 * changes, each only in the rooms allowed to see it (a container goes to administrators, its host's
 * room, and its owner).
 */
@Injectable()
export class UiGateway {
  constructor(
    private readonly auth: AuthService,
    private readonly events: HostEvents,
    private readonly fleet: FleetEvents,
    private readonly operations: OperationsService,
    private readonly consoles: ConsoleRelay,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(UiGateway.name);
  }

  attach(io: Server): void {
    const nsp = io.of(UI_NAMESPACE) as UiNamespace;
    nsp.use((socket, next) => {
      this.auth.authenticate(cookieValue(socket.request.headers.cookie, SESSION_COOKIE)).then(
        (session) => {
          if (session !== undefined) socket.data.user = session.user;
          next(session === undefined ? new Error('log in first') : undefined);
        },
        (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
      );
    });
    nsp.on('connection', (socket) => {
      const user = socket.data.user;
      void socket.join(user.isAdmin ? [userRoom(user.id), ADMINS_ROOM] : [userRoom(user.id)]);
      socket.on('host.subscribe', (hostId, ack) => {
        const allowed = user.isAdmin && typeof hostId === 'string';
        if (allowed) void socket.join(hostRoom(hostId));
        if (typeof ack === 'function') ack({ ok: allowed });
      });
      socket.on('host.unsubscribe', (hostId) => void socket.leave(hostRoom(String(hostId))));
      this.consoleEvents(socket, user);
    });
    this.forward(nsp);
    this.logger.debug('ui namespace ready');
  }

  /** Console sessions: permission `container:exec` on the container is checked before the agent hears of it. */
  private consoleEvents(socket: UiSocket, user: SessionUser): void {
    socket.on('console.open', (raw, ack) => {
      const parsed = ConsoleOpenSchema.safeParse(raw);
      if (!parsed.success) {
        ack({ ok: false, error: 'invalid console request' });
        return;
      }
      const open = parsed.data;
      const path = `/containers/${encodeURIComponent(open.containerId)}/exec`;
      this.operations
        .authorize(user, open.hostId, { method: 'POST', path, headers: {}, stream: false })
        .then(({ hostName }) => this.consoles.open(socket, open, hostName))
        .then(
          (sessionId) => ack({ ok: true, sessionId }),
          (error: unknown) =>
            ack({ ok: false, error: error instanceof Error ? error.message : String(error) }),
        );
    });
    socket.on('console.input', (raw) => {
      const parsed = ConsoleInputSchema.safeParse(raw);
      if (parsed.success) this.consoles.input(socket, parsed.data);
    });
    socket.on('console.resize', (raw) => {
      const parsed = ConsoleResizeSchema.safeParse(raw);
      if (parsed.success) this.consoles.resize(socket, parsed.data);
    });
    socket.on('console.close', (raw) => this.consoles.close(socket, String(raw?.sessionId)));
    socket.on('disconnect', () => this.consoles.closeAllOf(socket));
  }

  private forward(nsp: UiNamespace): void {
    this.events.on('updated', (host) => nsp.to(ADMINS_ROOM).emit('host.updated', host));
    this.events.on('removed', (payload) => nsp.to(ADMINS_ROOM).emit('host.removed', payload));
    this.fleet.on('synced', (p) =>
      nsp.to([ADMINS_ROOM, hostRoom(p.hostId)]).emit('host.synced', p),
    );
    this.fleet.on('stats', (p) => nsp.to(hostRoom(p.hostId)).emit('host.stats', p));
    this.fleet.on('inventory', ({ ownerUser, ownerTeam, ...change }) => {
      const rooms = [ADMINS_ROOM, hostRoom(change.hostId)];
      if (ownerUser !== null) rooms.push(userRoom(ownerUser));
      if (ownerTeam !== null) rooms.push(`team:${ownerTeam}`);
      nsp.to(rooms).emit('inventory.changed', change);
    });
    this.fleet.on('job', ({ createdById, ...job }) =>
      nsp.to([ADMINS_ROOM, userRoom(createdById)]).emit('job.updated', job),
    );
  }
}
