'use client';

import type { User } from '@wharf/contracts';
import { apiFetch, useAccess, useSession } from '@wharf/web-data-access';
import { useEffect, useState } from 'react';

import { PasswordCard } from './password-card';
import { TokensCard } from './tokens-card';
import { TwoFactorCard } from './two-factor-card';

/**
 * Whether the user's second factor is on: `undefined` while asking, `null` when they may not read
 * account records (the card then offers both paths).
 */
function useTotpEnabled(userId: string | undefined, mayRead: boolean, loaded: boolean) {
  const [enabled, setEnabled] = useState<boolean | null>();
  useEffect(() => {
    if (userId === undefined || !loaded) return;
    if (!mayRead) return void setEnabled(null);
    apiFetch<User>(`/users/${userId}`).then(
      (u) => setEnabled(u.totpEnabled),
      () => setEnabled(null),
    );
  }, [userId, mayRead, loaded]);
  return enabled;
}

/** The signed-in user's own settings: password, second factor, API tokens. */
export default function ProfilePage() {
  const user = useSession();
  const access = useAccess();
  const totp = useTotpEnabled(user?.id, access.can('user:manage'), access.loaded);
  const ready = user !== undefined && totp !== undefined;
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
          <TwoFactorCard enabled={totp ?? undefined} />
          <TokensCard />
        </div>
      )}
    </>
  );
}
