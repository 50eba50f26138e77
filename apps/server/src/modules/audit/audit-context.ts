import { type Principal } from '@wharf/contracts';

import { principalOf, type PrincipalRequest } from '../access/principal-request';

/** Who acts, from where, under which request id: what services need to authorize and audit. */
export interface ActionContext {
  principal: Principal;
  ip: string;
  correlationId?: string;
}

/** Source address and correlation id (pino-http's request id, echoed as x-request-id). */
export function requestContext(req: PrincipalRequest): { ip: string; correlationId?: string } {
  const id = req.id;
  return {
    ip: req.socket.remoteAddress ?? 'unknown',
    correlationId: typeof id === 'string' ? id : undefined,
  };
}

export function actionContext(req: PrincipalRequest): ActionContext {
  return { principal: principalOf(req), ...requestContext(req) };
}
