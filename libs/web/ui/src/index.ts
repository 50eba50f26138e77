export { AppShell, NAV_ITEMS, type AppShellProps, type NavItem } from './app-shell';
export { EmptyState } from './empty-state';
export { formatBytes, relativeTime } from './format';
export { HostsTable } from './hosts-table';
export { NotAvailable } from './not-available';
export { StatusBadge } from './status-badge';
export { useNow } from './use-now';
export { useTheme, type Theme } from './use-theme';
export { Highlight } from './container-details/highlight';
export { JsonViewer } from './container-details/json-viewer';
export { LineChart, type ChartSeries } from './container-details/line-chart';
export { ConfirmDialog } from './confirm-dialog';
export {
  exitCodeOf,
  filterRows,
  formatUptime,
  healthOf,
  ownerOf,
  portUrl,
  selectRows,
  sortRows,
  toRows,
  type ContainerRow,
  type OwnerNames,
  type RowFilter,
  type SortKey,
  type SortOrder,
} from './containers/container-rows';
export { ContainersTable, type ContainersTableProps } from './containers/containers-table';
export {
  emptyForm,
  fromInspect,
  parseMemory,
  splitWords,
  toCreateBody,
  validate,
  type CreateForm,
  type FormErrors,
  type InspectForForm,
  type KeyValue,
  type MountRow,
  type PortRow,
  type RestartName,
} from './containers/create-form';
export {
  applyProgress,
  emptyProgress,
  JsonLineSplitter,
  layerDone,
  layerPercent,
  splitReference,
  type LayerProgress,
  type ProgressLine,
  type PullProgress,
} from './images/pull-progress';
export { HostPicker, LabelChips } from './volumes/host-picker';
export {
  emptyNetworkForm,
  parseLabels,
  toNetworkCreateBody,
  validateNetwork,
  type NetworkForm,
  type NetworkFormErrors,
} from './networks/network-form';
export { ErrorText } from './admin/error-text';
export { FormDialog } from './admin/form-dialog';
export { PermissionPicker, permissionGroups } from './admin/permission-picker';
export { describeScope, toScope } from './admin/scope';
export { SubNav } from './admin/sub-nav';
export { TextField } from './admin/text-field';
export { useAction, type Action } from './admin/use-action';
export { useLoad, type Loaded } from './admin/use-load';
export { JobProgress } from './jobs/job-progress';
export {
  displayState,
  JOB_KIND_LABELS,
  summarizeJob,
  upsertJob,
  type JobSummary,
} from './jobs/job-summary';
export { auditQuery, EMPTY_AUDIT_FILTERS, type AuditFilters } from './audit/audit-filters';
export {
  emptyRegistryForm,
  registryToForm,
  toCreateRegistryBody,
  toUpdateRegistryBody,
  validateRegistryForm,
  type RegistryField,
  type RegistryForm,
  type RegistryFormErrors,
} from './registries/registry-form';
export { RegistryFields } from './registries/registry-fields';
