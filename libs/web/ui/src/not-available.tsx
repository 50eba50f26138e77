import { EmptyState } from './empty-state';

/** A section whose milestone has not landed yet says so plainly instead of showing a broken page. */
export function NotAvailable({ title }: { title: string }) {
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
      </div>
      <EmptyState title="Not available yet">
        <p>{title} will appear here in a later release. Hosts are live today.</p>
      </EmptyState>
    </>
  );
}
