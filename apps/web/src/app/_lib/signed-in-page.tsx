'use client';

import { AppShell } from '@wharf/web-ui';
import type { ReactNode } from 'react';

import { logout, useSession } from './use-session';
import { useTheme } from './use-theme';

/** Every signed-in page: session check, shell, theme, live-connection state from the page. */
export function SignedInPage(props: {
  current: string;
  connection?: 'connected' | 'connecting' | 'offline';
  children: ReactNode;
}) {
  const user = useSession();
  const [theme, toggleTheme] = useTheme();
  return (
    <AppShell
      current={props.current}
      username={user?.username}
      connection={props.connection ?? 'connected'}
      theme={theme}
      onToggleTheme={toggleTheme}
      onLogout={() => void logout()}
    >
      {props.children}
    </AppShell>
  );
}
