'use client';

import type { AuditVerify } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import { ErrorText, useAction } from '@wharf/web-ui';
import { useState } from 'react';

const REASONS = {
  'hash-mismatch': 'its content does not match its hash (the row was changed)',
  'prev-hash-mismatch': 'it does not link to the row before it (a row was removed or inserted)',
} as const;

/** Checks the audit log's hash chain on the server and says what it found. */
export function VerifyChain() {
  const [result, setResult] = useState<AuditVerify>();
  const action = useAction();
  const verify = () =>
    action.run(async () => setResult(await apiFetch<AuditVerify>('/audit/verify')));
  return (
    <div className="adm-verify">
      <button type="button" onClick={() => void verify()} disabled={action.busy}>
        {action.busy ? 'Verifying…' : 'Verify chain'}
      </button>
      {result && (
        <p className={result.ok ? 'notice' : 'error'} role="status" aria-label="Chain verification">
          {result.ok
            ? `Chain intact: ${result.checked} events checked.`
            : `Chain broken at event #${result.firstBroken?.seq ?? '?'}: ${result.firstBroken ? REASONS[result.firstBroken.reason] : ''} (${result.checked} checked).`}
        </p>
      )}
      <ErrorText error={action.error} />
    </div>
  );
}
