'use client';

import { SubNav } from '@wharf/web-ui';
import { usePathname } from 'next/navigation';

const TABS = [
  { href: '/users', label: 'Users' },
  { href: '/users/teams', label: 'Teams' },
  { href: '/users/roles', label: 'Roles & bindings' },
];

/** Users, Teams and Roles are one section of the navigation. */
export function UsersTabs() {
  return <SubNav label="Users and teams" items={TABS} current={usePathname()} />;
}
