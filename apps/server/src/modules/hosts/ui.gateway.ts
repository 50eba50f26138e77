import { Injectable } from '@nestjs/common';
import {
  ConsoleInputSchema,
  ConsoleOpenSchema,
  ConsoleResizeSchema,
  SESSION_COOKIE,
  UI_NAMESPACE,
  type Principal,
  type ServerToUiEvents,
  type UiToServerEvents,
} from '@wharf/contracts';
import { PinoLogger } from 'nestjs-pino';
import { type Namespace, type Server, type Socket } from 'socket.io';

import { AccessService } from '../access/access.service';
import { type ActionContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { OperationsService } from '../operations/operations.service';
import { ConsoleRelay } from '../realtime/console-relay';
import { FleetEvents } from '../realtime/fleet-events';
import { HostEvents } from './host-events';
import {
  allRoom,
  kindHostRoom,
  publicRoom,
  roomsOf,
  teamRoom,
  userRoom,
  watchRoom,
} from './ui-rooms';

interface UiSocketData {
  userId: string;
  ip: string;
}

type GatewaySocket = Socket<
  UiToServerEvents,
  ServerToUiEvents,
  Record<string, never>,
  UiSocketData
>;

type UiNamespace = Namespace<
  UiToServerEvents,
  ServerToUiEvents,
  Record<string, never>,
  UiSocketData
>;

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * The `/ui` namespace: browsers with a valid session cookie receive host, inventory, stats and job
 * changes, each only in the rooms of those allowed to see it (see ui-rooms). Every event a browser
 * sends is authorized again with the user's current grants (a disabled user's socket is dropped).
 */
@Injectable()
export class UiGateway {
  constructor(
    private readonly auth: AuthService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
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
      this.admit(socket).then(
        () => next(),
        (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
      );
    });
    nsp.on('connection', (socket) => this.connected(socket));
    this.forward(nsp);
    this.logger.debug('ui namespace ready');
  }

  /**
   * Authenticates the session cookie and joins the user's rooms before the browser is told it is
   * connected: its first event then finds the handlers below, and the first change reaches it.
   */
  private async admit(socket: GatewaySocket): Promise<void> {
    const cookie = cookieValue(socket.request.headers.cookie, SESSION_COOKIE);
    const session = await this.auth.authenticate(cookie);
    if (session === undefined) throw new Error('log in first');
    socket.data = { userId: session.user.id, ip: socket.handshake.address };
    const principal = await this.access.principalForUser(session.user.id);
    if (principal === null) throw new Error('log in first');
    await socket.join(await roomsOf(this.access, principal));
  }

  /**
   * Registers the handlers synchronously: an await before them let a browser's first event (sent
   * as soon as it is connected) arrive while nobody listened, and it was never answered.
   */
  private connected(socket: GatewaySocket): void {
    socket.on('host.subscribe', (hostId, ack) => {
      const reply = (ok: boolean) => (typeof ack === 'function' ? ack({ ok }) : undefined);
      if (typeof hostId !== 'string') return void reply(false);
      void this.principalOf(socket)
        .then(async (p) => p !== null && (await this.access.can(p, 'host:read', { hostId })))
        .then(
          async (ok) => {
            if (ok) await socket.join(watchRoom(hostId));
            reply(ok);
          },
          () => reply(false),
        );
    });
    socket.on('host.unsubscribe', (hostId) => void socket.leave(watchRoom(String(hostId))));
    this.consoleEvents(socket);
  }

  /** The socket user's principal as of now; null (and the socket dropped) once they are disabled. */
  private async principalOf(socket: GatewaySocket): Promise<Principal | null> {
    const principal = await this.access.principalForUser(socket.data.userId);
    if (principal === null) socket.disconnect(true);
    return principal;
  }

  /**
   * Console sessions (exec or attach): the permission for that call on the container is checked
   * before the agent hears of it.
   */
  private consoleEvents(socket: GatewaySocket): void {
    socket.on('console.open', (raw, ack) => {
      const parsed = ConsoleOpenSchema.safeParse(raw);
      if (!parsed.success) return void ack({ ok: false, error: 'invalid console request' });
      void this.openConsole(socket, parsed.data).then(ack);
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

  private async openConsole(
    socket: GatewaySocket,
    open: Parameters<ConsoleRelay['open']>[1],
  ): Promise<{ ok: true; sessionId: string; tty: boolean } | { ok: false; error: string }> {
    const principal = await this.principalOf(socket);
    if (principal === null) return { ok: false, error: 'log in first' };
    const ctx: ActionContext = { principal, ip: socket.data.ip };
    const path = `/containers/${encodeURIComponent(open.containerId)}/${open.mode}`;
    const record = (result: 'success' | 'failure', details: Record<string, unknown>) =>
      this.audit.record({
        actor: principal,
        action: 'console.open',
        target: { type: 'container', id: open.containerId },
        hostId: open.hostId,
        result,
        ip: ctx.ip,
        details: {
          mode: open.mode,
          ...(open.mode === 'exec' ? { cmd: open.cmd } : {}),
          ...details,
        },
      });
    try {
      const { hostName } = await this.operations.authorize(ctx, open.hostId, {
        method: 'POST',
        path,
        headers: {},
        stream: false,
      });
      const { sessionId, tty } = await this.consoles.open(socket, open, hostName, (exitCode) =>
        this.audit.record({
          actor: principal,
          action: 'console.close',
          target: { type: 'container', id: open.containerId },
          hostId: open.hostId,
          result: 'success',
          ip: ctx.ip,
          details: { sessionId, exitCode },
        }),
      );
      await record('success', { sessionId });
      return { ok: true, sessionId, tty };
    } catch (error) {
      // Refusals are audited by the operations service; failures to open are recorded here.
      if (!(error instanceof Error && /permission|not a relayable/.test(error.message)))
        await record('failure', { error: errorText(error) });
      return { ok: false, error: errorText(error) };
    }
  }

  private forward(nsp: UiNamespace): void {
    const hostRooms = (id: string) => [allRoom('host'), kindHostRoom('host', id)];
    this.events.on('updated', (host) => nsp.to(hostRooms(host.id)).emit('host.updated', host));
    this.events.on('removed', (payload) =>
      nsp.to(hostRooms(payload.id)).emit('host.removed', payload),
    );
    this.fleet.on('synced', (p) => nsp.to(hostRooms(p.hostId)).emit('host.synced', p));
    this.fleet.on('stats', (p) => nsp.to(watchRoom(p.hostId)).emit('host.stats', p));
    this.fleet.on('inventory', ({ ownerUser, ownerTeam, public: isPublic, ...change }) => {
      const rooms = [allRoom(change.kind), kindHostRoom(change.kind, change.hostId)];
      if (ownerUser !== null) rooms.push(userRoom(ownerUser));
      if (ownerTeam !== null) rooms.push(teamRoom(ownerTeam));
      if (isPublic) rooms.push(publicRoom(change.kind, change.hostId));
      nsp.to(rooms).emit('inventory.changed', change);
    });
    // Jobs span hosts: live updates go to global job readers and the creator; others use REST.
    this.fleet.on('job', ({ createdById, ...job }) =>
      nsp.to([allRoom('job'), userRoom(createdById)]).emit('job.updated', job),
    );
  }
}
