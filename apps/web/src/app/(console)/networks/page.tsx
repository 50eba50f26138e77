import { ComingSoon } from '../_lib/coming-soon';

export default function Page() {
  return <ComingSoon title="Networks" path="/networks" />;
}
