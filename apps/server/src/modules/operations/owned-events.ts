import { can, canSeeResource, type AccessTarget, type Principal } from '@wharf/contracts';

import { type ChunkSink } from '../realtime/operation-relay';

type Labels = Record<string, string>;

/** One event of Docker's `/events` stream (the fields the relay looks at). */
export interface StreamedEvent {
  Type?: unknown;
  Action?: unknown;
  Actor?: { ID?: unknown; Attributes?: Labels | null };
}

/** The labels of a volume or network by id or name; null when neither server nor engine knows it. */
export type LabelLookup = (kind: 'volume' | 'network', ref: string) => Promise<Labels | null>;

/** Whether the caller may receive one event. */
export type EventVisibility = (event: StreamedEvent) => Promise<boolean>;

/**
 * Which events of a host's stream an ownership-restricted caller may receive, by the rule of the
 * relayed lists: their own, their team's and public resources.
 * - container: `Actor.Attributes` carries the container's labels (Docker's shape, and wharfd's).
 * - volume, network: events carry no labels, so they are looked up by id; volume and network labels
 *   never change, so each is looked up once per stream (a destroy after a create seen on the same
 *   stream is still attributed). What cannot be attributed (gone before the stream saw it) is dropped.
 * - image: images are not owned and image:read is host-wide, so image events follow image:read.
 * - daemon: follows host:read, like `/info`.
 * - anything else (builder, plugin, swarm types): dropped, since nothing says whose it is.
 */
export function eventVisibility(
  principal: Principal,
  target: AccessTarget,
  lookup: LabelLookup,
): EventVisibility {
  const known = new Map<string, Labels>();
  const labelsOf = async (kind: 'volume' | 'network', ref: string): Promise<Labels | null> => {
    const cached = known.get(`${kind}/${ref}`);
    if (cached !== undefined) return cached;
    const labels = await lookup(kind, ref);
    if (labels !== null) known.set(`${kind}/${ref}`, labels);
    return labels;
  };
  return async (event) => {
    const id = typeof event.Actor?.ID === 'string' ? event.Actor.ID : '';
    switch (event.Type) {
      case 'container':
        return canSeeResource(principal, 'container', event.Actor?.Attributes ?? {}, target);
      case 'volume':
      case 'network': {
        const labels = id === '' ? null : await labelsOf(event.Type, id);
        return labels !== null && canSeeResource(principal, event.Type, labels, target);
      }
      case 'image':
        return can(principal, 'image:read', target);
      case 'daemon':
        return can(principal, 'host:read', target);
      default:
        return false;
    }
  };
}

const NEWLINE = 0x0a;

async function lineVisible(line: Buffer, isVisible: EventVisibility): Promise<boolean> {
  let event: unknown;
  try {
    event = JSON.parse(line.toString('utf8'));
  } catch {
    return false; // not an event we can attribute: never pass on what cannot be checked
  }
  return typeof event === 'object' && event !== null && isVisible(event);
}

/**
 * A sink that passes on only the events `isVisible` accepts. The stream is JSON lines and the
 * agent's chunks may split a line anywhere (a newline byte never occurs inside a UTF-8 sequence, so
 * splitting bytes at it is safe); an unterminated last line is never passed on.
 */
export function filteredEventSink(sink: ChunkSink, isVisible: EventVisibility): ChunkSink {
  let pending = Buffer.alloc(0);
  let previous = Promise.resolve();
  const forward = async (chunk: Buffer): Promise<void> => {
    pending = Buffer.concat([pending, chunk]);
    const shown: Buffer[] = [];
    for (let end = pending.indexOf(NEWLINE); end >= 0; end = pending.indexOf(NEWLINE)) {
      const line = pending.subarray(0, end + 1);
      pending = pending.subarray(end + 1);
      if (await lineVisible(line, isVisible)) shown.push(line);
    }
    if (shown.length > 0) await sink(Buffer.concat(shown));
  };
  // Chunks are handled one after another so events keep their order while labels are looked up.
  return (chunk) => {
    previous = previous.catch(() => undefined).then(() => forward(chunk));
    return previous;
  };
}
