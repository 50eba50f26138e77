/** A status with a text label and a colour (never colour alone). */
export function StatusBadge({ status }: { status: 'online' | 'offline' }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <span className="dot" aria-hidden="true" />
      {status === 'online' ? 'Online' : 'Offline'}
    </span>
  );
}
