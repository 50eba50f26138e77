'use client';

import { logout, UiSocketProvider, useSession, useUiSocket } from '@wharf/web-data-access';
import { AppShell, useTheme } from '@wharf/web-ui';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

function Shell({ children }: { children: ReactNode }) {
  const user = useSession();
  const [theme, toggleTheme] = useTheme();
  const { connection } = useUiSocket();
  return (
    <AppShell
      current={usePathname()}
      username={user?.username}
      connection={connection}
      theme={theme}
      onToggleTheme={toggleTheme}
      onLogout={() => void logout()}
    >
      {children}
    </AppShell>
  );
}

/** Every signed-in page: session check (401 → /login), the shell, and one shared live socket. */
export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <UiSocketProvider>
      <Shell>{children}</Shell>
    </UiSocketProvider>
  );
}
