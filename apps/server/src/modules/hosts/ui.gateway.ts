import { Injectable } from '@nestjs/common';
import {
  SESSION_COOKIE,
  UI_NAMESPACE,
  type ServerToUiEvents,
  type UiToServerEvents,
} from '@wharf/contracts';
import { PinoLogger } from 'nestjs-pino';
import { type Server } from 'socket.io';

import { AuthService } from '../auth/auth.service';
import { HostEvents } from './host-events';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** The `/ui` namespace: browsers with a valid session cookie receive host changes as they happen. */
@Injectable()
export class UiGateway {
  constructor(
    private readonly auth: AuthService,
    private readonly events: HostEvents,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(UiGateway.name);
  }

  attach(io: Server): void {
    const nsp = io.of(UI_NAMESPACE) as ReturnType<Server<UiToServerEvents, ServerToUiEvents>['of']>;
    nsp.use((socket, next) => {
      this.auth.authenticate(cookieValue(socket.request.headers.cookie, SESSION_COOKIE)).then(
        (session) => next(session === undefined ? new Error('log in first') : undefined),
        (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
      );
    });
    this.events.on('updated', (host) => nsp.emit('host.updated', host));
    this.events.on('removed', (payload) => nsp.emit('host.removed', payload));
    this.logger.debug('ui namespace ready');
  }
}
