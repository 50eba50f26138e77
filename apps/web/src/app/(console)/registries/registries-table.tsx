'use client';

import type { Registry, RegistryTestResult } from '@wharf/contracts';

export type RegistryAction = 'test' | 'browse' | 'edit' | 'delete';

/** The outcome of the last connection test of a row (or that it is running). */
export type TestState = { running: true } | { running: false; result: RegistryTestResult };

function TestOutcome({ state }: { state: TestState | undefined }) {
  if (state === undefined) return <span className="muted">not tested</span>;
  if (state.running)
    return (
      <span className="muted" role="status">
        Testing…
      </span>
    );
  const { ok, message } = state.result;
  return (
    <span className={`reg-test ${ok ? 'reg-test-ok' : 'reg-test-bad'}`} role="status">
      {ok ? 'OK' : 'Failed'}: {message}
    </span>
  );
}

function RegistryRow(props: {
  registry: Registry;
  test: TestState | undefined;
  mayManage: boolean;
  onAction: (action: RegistryAction) => void;
}) {
  const { registry, mayManage, onAction } = props;
  return (
    <tr data-registry-id={registry.id}>
      <th scope="row">{registry.name}</th>
      <td className="reg-url">{registry.url}</td>
      <td>
        {registry.username ?? <span className="muted">anonymous</span>}
        {registry.hasPassword && <span className="muted small"> · password stored</span>}
      </td>
      <td className="reg-test-cell">
        <TestOutcome state={props.test} />
      </td>
      <td>
        <div className="reg-buttons" role="group" aria-label={`Actions for ${registry.name}`}>
          <button
            type="button"
            onClick={() => onAction('test')}
            disabled={props.test?.running === true}
          >
            Test connection
          </button>
          <button type="button" onClick={() => onAction('browse')}>
            Browse
          </button>
          {mayManage && (
            <>
              <button type="button" onClick={() => onAction('edit')}>
                Edit
              </button>
              <button type="button" className="danger" onClick={() => onAction('delete')}>
                Delete
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}

/** Configured registries with their last test result; edit and delete only for managers. */
export function RegistriesTable(props: {
  registries: readonly Registry[];
  tests: Readonly<Record<string, TestState>>;
  mayManage: boolean;
  onAction: (registry: Registry, action: RegistryAction) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Registries">
        <thead>
          <tr>
            {['Name', 'Address', 'Sign-in', 'Connection', 'Actions'].map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.registries.map((r) => (
            <RegistryRow
              key={r.id}
              registry={r}
              test={props.tests[r.id]}
              mayManage={props.mayManage}
              onAction={(a) => props.onAction(r, a)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
