'use client';

import type { ContainerInspect } from '@wharf/web-data-access';
import type { ReactNode } from 'react';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card cd-section" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

const when = (iso: string | undefined) =>
  iso && !iso.startsWith('0001-') ? new Date(iso).toLocaleString() : '—';

const command = (c: ContainerInspect) =>
  [...(c.Config.Entrypoint ?? []), ...(c.Config.Cmd ?? [])].join(' ') ||
  [c.Path, ...(c.Args ?? [])].filter(Boolean).join(' ');

function Facts({ c }: { c: ContainerInspect }) {
  const rows: [string, ReactNode][] = [
    ['State', c.State.Status + (c.State.Running ? '' : ` (exit code ${c.State.ExitCode ?? '—'})`)],
    ['Health', c.State.Health?.Status ?? 'no healthcheck'],
    ['Image', c.Config.Image ?? c.Image],
    ['Command', <code key="cmd">{command(c) || '—'}</code>],
    ['Created', when(c.Created)],
    ['Started', when(c.State.StartedAt)],
    ['Finished', when(c.State.FinishedAt)],
    ['Restart count', String(c.RestartCount ?? 0)],
    ['Restart policy', c.HostConfig.RestartPolicy?.Name || 'no'],
    ['ID', <code key="id">{c.Id}</code>],
  ];
  if (c.State.Error) rows.push(['Error', c.State.Error]);
  return (
    <dl className="cd-facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Ports({ c, hostname }: { c: ContainerInspect; hostname: string | undefined }) {
  const ports = Object.entries(c.NetworkSettings?.Ports ?? {});
  if (ports.length === 0) return <p className="muted">No exposed ports.</p>;
  return (
    <ul className="cd-list">
      {ports.map(([port, bindings]) => (
        <li key={port}>
          <code>{port}</code>
          {(bindings ?? []).length === 0 && <span className="muted"> not published</span>}
          {(bindings ?? []).map((b) => {
            const ip =
              !b.HostIp || b.HostIp === '0.0.0.0' || b.HostIp === '::' ? hostname : b.HostIp;
            const address = `${ip ?? 'localhost'}:${b.HostPort}`;
            return (
              <span key={`${b.HostIp}:${b.HostPort}`}>
                {' → '}
                <a href={`http://${address}`} target="_blank" rel="noreferrer">
                  {address}
                </a>
              </span>
            );
          })}
        </li>
      ))}
    </ul>
  );
}

function Networks({ c }: { c: ContainerInspect }) {
  const nets = Object.entries(c.NetworkSettings?.Networks ?? {});
  if (nets.length === 0) return <p className="muted">Not connected to any network.</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Network</th>
          <th scope="col">IP address</th>
          <th scope="col">Gateway</th>
          <th scope="col">Aliases</th>
        </tr>
      </thead>
      <tbody>
        {nets.map(([name, n]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{n.IPAddress || '—'}</td>
            <td>{n.Gateway || '—'}</td>
            <td>{(n.Aliases ?? []).join(', ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Mounts({ c }: { c: ContainerInspect }) {
  const mounts = c.Mounts ?? [];
  if (mounts.length === 0) return <p className="muted">No mounts.</p>;
  return (
    <ul className="cd-list">
      {mounts.map((m) => (
        <li key={m.Destination}>
          <code>{m.Destination}</code> ← {m.Type} <code>{m.Name ?? m.Source}</code>{' '}
          <span className="label">{m.RW === false ? 'read-only' : 'read-write'}</span>
        </li>
      ))}
    </ul>
  );
}

function Pairs({ pairs, empty }: { pairs: [string, string][]; empty: string }) {
  if (pairs.length === 0) return <p className="muted">{empty}</p>;
  return (
    <dl className="cd-pairs">
      {pairs.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const envPairs = (env: string[]): [string, string][] =>
  env.map((e) => {
    const at = e.indexOf('=');
    return at < 0 ? [e, ''] : [e.slice(0, at), e.slice(at + 1)];
  });

/** Everything about the container at a glance, from its inspect answer. */
export function OverviewTab({ c, hostname }: { c: ContainerInspect; hostname?: string }) {
  return (
    <div className="cd-overview">
      <Section title="Summary">
        <Facts c={c} />
      </Section>
      <Section title="Ports">
        <Ports c={c} hostname={hostname} />
      </Section>
      <Section title="Networks">
        <Networks c={c} />
      </Section>
      <Section title="Mounts">
        <Mounts c={c} />
      </Section>
      <Section title="Environment">
        <Pairs pairs={envPairs(c.Config.Env ?? [])} empty="No environment variables." />
      </Section>
      <Section title="Labels">
        <Pairs pairs={Object.entries(c.Config.Labels ?? {})} empty="No labels." />
      </Section>
    </div>
  );
}
