import { ComingSoon } from '../_lib/coming-soon';

export default function Page() {
  return <ComingSoon title="Audit log" path="/audit" />;
}
