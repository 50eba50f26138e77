'use client';

import type { ReactNode } from 'react';

export interface NavItem {
  href: string;
  label: string;
  available: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/hosts', label: 'Hosts', available: true },
  { href: '/containers', label: 'Containers', available: true },
  { href: '/images', label: 'Images', available: true },
  { href: '/volumes', label: 'Volumes', available: true },
  { href: '/networks', label: 'Networks', available: true },
  { href: '/registries', label: 'Registries', available: true },
  { href: '/stacks', label: 'Stacks', available: false },
  { href: '/users', label: 'Users & Teams', available: true },
  { href: '/jobs', label: 'Jobs', available: true },
  { href: '/audit', label: 'Audit log', available: true },
];

export interface AppShellProps {
  current: string;
  username: string | undefined;
  connection: 'connected' | 'connecting' | 'offline';
  theme: 'light' | 'dark';
  onToggleTheme: () => void;
  onLogout: () => void;
  children: ReactNode;
}

const CONNECTION_TEXT = {
  connected: 'Live',
  connecting: 'Reconnecting…',
  offline: 'Offline',
} as const;

function SideNav({ current }: { current: string }) {
  return (
    <nav className="sidenav" aria-label="Main">
      <ul>
        {NAV_ITEMS.map((item) => (
          <li key={item.href}>
            <a
              href={item.href}
              aria-current={
                current === item.href || current.startsWith(`${item.href}/`) ? 'page' : undefined
              }
              className={item.available ? '' : 'unavailable'}
            >
              {item.label}
              {!item.available && (
                <span className="soon" aria-hidden="true">
                  soon
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The frame of every signed-in page: top bar, side navigation, live-connection indicator. */
export function AppShell(props: AppShellProps) {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href="/hosts" aria-label="Wharf home">
          <span className="brand-mark" aria-hidden="true">
            W
          </span>
          Wharf
        </a>
        <span
          className={`connection connection-${props.connection}`}
          role="status"
          aria-live="polite"
          aria-label={`Live updates: ${CONNECTION_TEXT[props.connection]}`}
        >
          <span className="dot" aria-hidden="true" />
          {CONNECTION_TEXT[props.connection]}
        </span>
        <div className="topbar-actions">
          <button
            type="button"
            className="ghost"
            onClick={props.onToggleTheme}
            aria-label={`Switch to ${props.theme === 'dark' ? 'light' : 'dark'} theme`}
          >
            {props.theme === 'dark' ? 'Light theme' : 'Dark theme'}
          </button>
          {props.username && (
            <a
              className="user"
              href="/profile"
              title="Your profile: password, two-factor, API tokens"
            >
              Signed in as <strong>{props.username}</strong>
            </a>
          )}
          <button type="button" className="ghost" onClick={props.onLogout}>
            Sign out
          </button>
        </div>
      </header>
      <SideNav current={props.current} />
      <main className="content" id="main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}
