import { ComingSoon } from '../_lib/coming-soon';

export default function Page() {
  return <ComingSoon title="Volumes" path="/volumes" />;
}
