'use client';

import type { SessionUser } from '@wharf/contracts';
import { ApiRequestError, apiFetch } from '@wharf/web-data-access';
import { useEffect, useState } from 'react';

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

export async function logout(): Promise<void> {
  await apiFetch('/auth/logout', { method: 'POST' }).catch(() => undefined);
  window.location.replace('/login');
}
