'use client';

import type { User } from '@wharf/contracts';
import { apiFetch, useAccess, useSession } from '@wharf/web-data-access';
import { useEffect, useState } from 'react';

import { PasswordCard } from './password-card';
import { TokensCard } from './tokens-card';
import { TwoFactorCard } from './two-factor-card';

/** Whether the user's second factor is on; undefined when they may not read account records. */
function useTotpEnabled(userId: string | undefined, mayRead: boolean): boolean | undefined {
  const [enabled, setEnabled] = useState<boolean>();
  useEffect(() => {
    if (userId === undefined || !mayRead) return;
    apiFetch<User>(`/users/${userId}`).then(
      (u) => setEnabled(u.totpEnabled),
      () => setEnabled(undefined),
    );
  }, [userId, mayRead]);
  return enabled;
}

/** The signed-in user's own settings: password, second factor, API tokens. */
export default function ProfilePage() {
  const user = useSession();
  const access = useAccess();
  const totp = useTotpEnabled(user?.id, access.can('user:manage'));
  const ready =
    user !== undefined && access.loaded && (!access.can('user:manage') || totp !== undefined);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Profile</h1>
          {user && <p className="muted page-sub">Signed in as {user.username}</p>}
        </div>
      </div>
      {!ready && (
        <p className="muted loading" role="status">
          Loading…
        </p>
      )}
      {ready && (
        <div className="adm-stack">
          <PasswordCard />
          <TwoFactorCard enabled={totp} />
          <TokensCard />
        </div>
      )}
    </>
  );
}
