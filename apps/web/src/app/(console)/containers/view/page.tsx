'use client';

import type { Permission } from '@wharf/contracts';
import {
  containerName,
  useAccess,
  useContainer,
  useLiveHosts,
  type ContainerInspect,
} from '@wharf/web-data-access';
import { EmptyState, JsonViewer } from '@wharf/web-ui';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';

import { ConsoleTab } from './console-tab';
import { ContainerActions } from './container-actions';
import { LogsTab } from './logs-tab';
import { OverviewTab } from './overview-tab';
import { ProcessesTab } from './processes-tab';
import { SettingsPanel } from './settings-panel';
import { StatsTab } from './stats-tab';
import { Tabs, type TabDef } from './tabs';

type TabKey = 'overview' | 'inspect' | 'logs' | 'console' | 'stats' | 'processes';

const ALL_TABS: (TabDef<TabKey> & { needs?: Permission })[] = [
  { key: 'overview', label: 'Overview' },
  { key: 'inspect', label: 'Inspect' },
  { key: 'logs', label: 'Logs', needs: 'container:logs' },
  { key: 'console', label: 'Console', needs: 'container:console' },
  { key: 'stats', label: 'Stats' },
  { key: 'processes', label: 'Processes' },
];

function StateBadge({ c }: { c: ContainerInspect }) {
  const health = c.State.Health?.Status;
  return (
    <span className={`badge cd-state cd-state-${c.State.Status}`} data-state={c.State.Status}>
      <span className="dot" aria-hidden="true" />
      {c.State.Status}
      {health && health !== 'none' ? ` · ${health}` : ''}
    </span>
  );
}

interface PanelProps {
  tab: TabKey;
  host: string;
  hostname: string | undefined;
  c: ContainerInspect;
  canOperate: boolean;
  reload: () => Promise<void>;
}

function Panel({ tab, host, hostname, c, canOperate, reload }: PanelProps) {
  const running = c.State.Running === true && !c.State.Paused;
  const tty = c.Config.Tty === true;
  switch (tab) {
    case 'overview':
      return (
        <>
          <OverviewTab c={c} hostname={hostname} />
          {canOperate && <SettingsPanel host={host} c={c} onDone={reload} />}
        </>
      );
    case 'inspect':
      return <JsonViewer value={c} label="Inspect JSON" />;
    case 'logs':
      return <LogsTab host={host} id={c.Id} name={containerName(c)} tty={tty} />;
    case 'console':
      return <ConsoleTab host={host} id={c.Id} running={running} />;
    case 'stats':
      return <StatsTab host={host} id={c.Id} running={running} />;
    case 'processes':
      return <ProcessesTab host={host} id={c.Id} running={running} />;
  }
}

function Details({ host, id, initialTab }: { host: string; id: string; initialTab: TabKey }) {
  const router = useRouter();
  const live = useContainer(host, id);
  const { hosts } = useLiveHosts();
  const access = useAccess();
  const hostInfo = hosts?.find((h) => h.id === host);
  const can = (p: Permission) => access.can(p, { id: host, groups: hostInfo?.groups ?? [] });
  const tabs = ALL_TABS.filter((t) => t.needs === undefined || can(t.needs));
  const [tab, setTab] = useState<TabKey>(initialTab);
  const current = tabs.some((t) => t.key === tab) ? tab : 'overview';
  const select = (next: TabKey) => {
    setTab(next);
    const query = new URLSearchParams({ host, id, tab: next });
    router.replace(`/containers/view?${query.toString()}`, { scroll: false });
  };
  const c = live.container;
  if (live.removed)
    return (
      <EmptyState title="This container was removed">
        <p>
          It no longer exists on its host. <Link href="/containers">Back to containers</Link>
        </p>
      </EmptyState>
    );
  if (!c)
    return live.error ? (
      <p className="error" role="alert">
        {live.error}
      </p>
    ) : (
      <p className="muted loading" role="status">
        Loading container…
      </p>
    );
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted small cd-crumbs">
            <Link href="/containers">Containers</Link> / {hostInfo?.name ?? host}
          </p>
          <h1>
            {containerName(c)} <StateBadge c={c} />
          </h1>
          <p className="muted page-sub">
            {c.Config.Image ?? c.Image} · <code>{c.Id.slice(0, 12)}</code>
          </p>
        </div>
        <div className="cd-head-actions">
          {access.loaded && (
            <ContainerActions
              host={host}
              c={c}
              canOperate={can('container:operate')}
              canDelete={can('container:delete')}
              onChanged={() => live.reload()}
              onRemoved={() => router.push('/containers')}
            />
          )}
          {can('container:create') && (
            <Link
              className="button-link"
              href={`/containers/new?from=${encodeURIComponent(`${host}/${c.Id}`)}`}
            >
              Duplicate/edit
            </Link>
          )}
        </div>
        {live.error && (
          <p className="error" role="alert">
            {live.error}
          </p>
        )}
      </div>
      <Tabs tabs={tabs} current={current} onSelect={select} label="Container sections" />
      <div
        role="tabpanel"
        id={`tabpanel-${current}`}
        aria-labelledby={`tab-${current}`}
        className="cd-panel"
      >
        <Panel
          tab={current}
          host={host}
          hostname={hostInfo?.facts?.hostname}
          c={c}
          canOperate={can('container:operate')}
          reload={() => live.reload()}
        />
      </div>
    </>
  );
}

function FromQuery() {
  const params = useSearchParams();
  const host = params.get('host') ?? '';
  const id = params.get('id') ?? '';
  const tab = ALL_TABS.find((t) => t.key === params.get('tab'))?.key ?? 'overview';
  if (host === '' || id === '')
    return (
      <p className="error" role="alert">
        This page needs a host and a container: /containers/view?host=…&id=…
      </p>
    );
  return <Details key={`${host}/${id}`} host={host} id={id} initialTab={tab} />;
}

/** One container: overview and settings, inspect JSON, logs, console, stats and processes. */
export default function ContainerViewPage() {
  return (
    <Suspense
      fallback={
        <p className="muted loading" role="status">
          Loading…
        </p>
      }
    >
      <FromQuery />
    </Suspense>
  );
}
