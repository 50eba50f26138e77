import { type PrincipalRequest } from '../access/principal-request';

/** Source address and correlation id (pino-http's request id, echoed as x-request-id) of a request. */
export function requestContext(req: PrincipalRequest): { ip: string; correlationId?: string } {
  const id = req.id;
  return {
    ip: req.socket.remoteAddress ?? 'unknown',
    correlationId: typeof id === 'string' ? id : undefined,
  };
}
