'use client';

import { EmptyState } from '@wharf/web-ui';

import { SignedInPage } from './signed-in-page';

/** Pages whose issue has not landed yet say so plainly. */
export function ComingSoon({ title, path }: { title: string; path: string }) {
  return (
    <SignedInPage current={path}>
      <h1>{title}</h1>
      <EmptyState title="Not available yet">
        <p>{title} arrive with their own milestone. Hosts are live today.</p>
      </EmptyState>
    </SignedInPage>
  );
}
