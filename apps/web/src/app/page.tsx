'use client';

import { apiFetch } from '@wharf/web-data-access';
import type { SetupStatus } from '@wharf/contracts';
import { useEffect } from 'react';

/** `/`: first-run setup when the admin has no password yet, the hosts page otherwise. */
export default function Home() {
  useEffect(() => {
    apiFetch<SetupStatus>('/setup/status')
      .then((status) => window.location.replace(status.needsAdminPassword ? '/setup' : '/hosts'))
      .catch(() => window.location.replace('/login'));
  }, []);
  return <p className="centered">Loading…</p>;
}
