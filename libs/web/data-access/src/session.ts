'use client';

import type { SessionUser } from '@wharf/contracts';
import { useEffect, useState } from 'react';

import { ApiRequestError, apiFetch } from './api-client';

/** The signed-in user; sends the browser to /login when there is no session. */
export function useSession(): SessionUser | undefined {
  const [user, setUser] = useState<SessionUser>();
  useEffect(() => {
    apiFetch<SessionUser>('/auth/me')
      .then(setUser)
      .catch((error: unknown) => {
        if (error instanceof ApiRequestError && error.status === 401)
          window.location.replace('/login');
      });
  }, []);
  return user;
}

/** Ends the session; the browser goes to /login even when the server is unreachable. */
export async function logout(): Promise<void> {
  await apiFetch('/auth/logout', { method: 'POST' }).catch(() => undefined);
  window.location.replace('/login');
}
