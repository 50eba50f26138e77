import { dockerApi } from '@wharf/web-data-access';
import { toCreateBody, type CreateForm } from '@wharf/web-ui';

const at = (id: string) => `/containers/${encodeURIComponent(id)}`;

async function create(host: string, name: string, body: object): Promise<string> {
  const query = name ? `?name=${encodeURIComponent(name)}` : '';
  const created = await dockerApi<{ Id: string }>(host, `/containers/create${query}`, {
    method: 'POST',
    body,
  });
  return created.Id;
}

const start = (host: string, id: string) => dockerApi(host, `${at(id)}/start`, { method: 'POST' });
const stop = (host: string, id: string) => dockerApi(host, `${at(id)}/stop`, { method: 'POST' });
const remove = (host: string, id: string) =>
  dockerApi(host, `${at(id)}?force=1`, { method: 'DELETE' });

/** Undo of a step that failed: tried, and a failure of its own does not hide the first error. */
async function attempt(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch {
    // The original error is the one to show; this was clean-up only.
  }
}

/**
 * `docker run -d`: creates the container and starts it. When it does not start it is removed
 * again (so the form can be sent again with the same name) and the engine's message is thrown.
 */
export async function createAndStart(form: CreateForm): Promise<string> {
  const { name, body } = toCreateBody(form);
  const id = await create(form.host, name, body);
  try {
    await start(form.host, id);
  } catch (error) {
    await attempt(() => remove(form.host, id));
    throw error;
  }
  return id;
}

/**
 * Recreates `original` from the form. The new container is created under a temporary name while
 * the original still holds its own; the original is stopped (freeing its ports) only once the new
 * one exists, and removed only once the new one runs. If the new one does not start, it is removed
 * and the original started again, so a failure leaves things as they were.
 */
export async function replaceContainer(form: CreateForm, original: string): Promise<string> {
  const { name, body } = toCreateBody(form);
  const interim = name ? `${name}-new-${Date.now().toString(36)}` : '';
  const inspected = await dockerApi<{ State?: { Running?: boolean } }>(
    form.host,
    `${at(original)}/json`,
  );
  const wasRunning = inspected.State?.Running === true;
  const id = await create(form.host, interim, body);
  try {
    if (wasRunning) await stop(form.host, original);
    await start(form.host, id);
  } catch (error) {
    await attempt(() => remove(form.host, id));
    if (wasRunning) await attempt(() => start(form.host, original));
    throw error;
  }
  await remove(form.host, original);
  if (name)
    await dockerApi(form.host, `${at(id)}/rename?name=${encodeURIComponent(name)}`, {
      method: 'POST',
    });
  return id;
}
