export { AppShell, NAV_ITEMS, type AppShellProps, type NavItem } from './app-shell';
export { EmptyState } from './empty-state';
export { formatBytes, relativeTime } from './format';
export { HostsTable } from './hosts-table';
export { NotAvailable } from './not-available';
export { StatusBadge } from './status-badge';
export { useNow } from './use-now';
export { useTheme, type Theme } from './use-theme';
