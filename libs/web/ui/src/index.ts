export { AppShell, NAV_ITEMS, type AppShellProps, type NavItem } from './app-shell';
export { EmptyState } from './empty-state';
export { formatBytes, relativeTime } from './format';
export { StatusBadge } from './status-badge';
