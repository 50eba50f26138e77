import { AppError } from '@wharf/errors';
import { type Principal } from '@wharf/contracts';

import { type AuthenticatedRequest } from '../auth/session.guard';

/** A request after the AccessGuard: `principal` is set on every route that is not @Public(). */
export type PrincipalRequest = AuthenticatedRequest & { principal?: Principal; id?: unknown };

export function principalOf(req: PrincipalRequest): Principal {
  if (req.principal === undefined)
    throw new AppError('Unauthenticated', 'NOT_LOGGED_IN', 'log in first');
  return req.principal;
}
