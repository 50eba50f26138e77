'use client';

import type { Registry, RegistryRepositoriesPage, RegistryTags } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import { ErrorText, useAction, useLoad } from '@wharf/web-ui';
import { useState } from 'react';

const PAGE_SIZE = 50;

function Tags({ registry, repository }: { registry: Registry; repository: string }) {
  const tags = useLoad(() =>
    apiFetch<RegistryTags>(
      `/registries/${registry.id}/tags?repository=${encodeURIComponent(repository)}`,
    ),
  );
  return (
    <section className="reg-tags" aria-labelledby="reg-tags-title">
      <h3 id="reg-tags-title">Tags of {repository}</h3>
      <ErrorText error={tags.error} />
      {tags.data === undefined && !tags.error && (
        <p className="muted loading" role="status">
          Loading tags…
        </p>
      )}
      {tags.data?.tags.length === 0 && <p className="muted">This repository has no tags.</p>}
      {tags.data && tags.data.tags.length > 0 && (
        <ul className="reg-tag-list" aria-label={`Tags of ${repository}`}>
          {tags.data.tags.map((tag) => (
            <li key={tag}>
              <code>
                {new URL(registry.url).host}/{repository}:{tag}
              </code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RepoList(props: {
  repos: readonly string[];
  chosen: string | undefined;
  onChoose: (repo: string) => void;
  more: { busy: boolean; load: () => void } | undefined;
  error: string | undefined;
}) {
  const { repos, chosen, onChoose, more, error } = props;
  return (
    <div>
      <ul className="reg-repo-list" aria-label="Repositories">
        {repos.map((repo) => (
          <li key={repo}>
            <button
              type="button"
              className="ghost"
              aria-pressed={chosen === repo}
              onClick={() => onChoose(repo)}
            >
              {repo}
            </button>
          </li>
        ))}
      </ul>
      {more && (
        <button type="button" onClick={more.load} disabled={more.busy}>
          {more.busy ? 'Loading…' : 'More repositories'}
        </button>
      )}
      <ErrorText error={error} />
    </div>
  );
}

/** The registry's catalog, a page at a time, and the tags of the chosen repository. */
export function RegistryBrowser({
  registry,
  onClose,
}: {
  registry: Registry;
  onClose: () => void;
}) {
  const [repos, setRepos] = useState<string[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string>();
  const more = useAction();
  const first = useLoad(async () => {
    const page = await apiFetch<RegistryRepositoriesPage>(
      `/registries/${registry.id}/repositories?n=${PAGE_SIZE}`,
    );
    setRepos(page.repositories);
    setNext(page.next);
    return page;
  });
  const loadMore = () =>
    more.run(async () => {
      const page = await apiFetch<RegistryRepositoriesPage>(
        `/registries/${registry.id}/repositories?n=${PAGE_SIZE}&last=${encodeURIComponent(next ?? '')}`,
      );
      setRepos((r) => [...r, ...page.repositories]);
      setNext(page.next);
    });
  return (
    <section className="card reg-card reg-browser" aria-labelledby="reg-browser-title">
      <div className="card-head">
        <h2 id="reg-browser-title">Repositories in {registry.name}</h2>
        <button type="button" className="ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorText error={first.error} />
      {first.data === undefined && !first.error && (
        <p className="muted loading" role="status">
          Loading repositories…
        </p>
      )}
      {first.data && repos.length === 0 && (
        <p className="muted">This registry has no repositories.</p>
      )}
      <div className="reg-browser-body">
        {repos.length > 0 && (
          <RepoList
            repos={repos}
            chosen={chosen}
            onChoose={setChosen}
            more={next === null ? undefined : { busy: more.busy, load: () => void loadMore() }}
            error={more.error}
          />
        )}
        {chosen && <Tags key={chosen} registry={registry} repository={chosen} />}
      </div>
    </section>
  );
}
