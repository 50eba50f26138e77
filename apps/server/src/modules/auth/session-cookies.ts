import { CSRF_COOKIE, SESSION_COOKIE } from '@wharf/contracts';
import { type Response } from 'express';

import { type IssuedSession } from './auth.service';

/** Session cookie: httpOnly; CSRF cookie: readable by our own pages so they can echo it. */
export function setSessionCookies(res: Response, session: IssuedSession): void {
  const common = {
    secure: true,
    sameSite: 'strict' as const,
    path: '/',
    expires: session.expiresAt,
  };
  res.cookie(SESSION_COOKIE, session.sessionToken, { ...common, httpOnly: true });
  res.cookie(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: '/', secure: true, sameSite: 'strict', httpOnly: true });
  res.clearCookie(CSRF_COOKIE, { path: '/', secure: true, sameSite: 'strict' });
}
