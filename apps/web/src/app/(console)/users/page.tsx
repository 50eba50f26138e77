import { NotAvailable } from '@wharf/web-ui';

export default function Page() {
  return <NotAvailable title="Users & Teams" />;
}
