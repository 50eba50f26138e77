import { randomUUID } from 'node:crypto';

import { type ObjectKind, type StateEvent, type StateSnapshot } from '@wharf/contracts';

import { type EngineClient } from './engine-client';

const KINDS: readonly ObjectKind[] = ['container', 'image', 'volume', 'network'];
/** Events kept for resending after a reconnect; older gaps are healed with a snapshot instead. */
const BUFFER_LIMIT = 10_000;

type Item = Record<string, unknown>;

function idOf(kind: ObjectKind, item: Item): string {
  return String(kind === 'volume' ? item['Name'] : item['Id']);
}

/**
 * The agent's view of its engine and the numbered change stream derived from it. Every change is
 * found by listing the engine again and comparing with what was last reported, so an engine event
 * seen twice, or a rescan after the event feed broke, yields each change exactly once.
 */
export class StateTracker {
  readonly epoch = randomUUID();
  private seq = 0;
  private readonly known = new Map<ObjectKind, Map<string, string>>(
    KINDS.map((k) => [k, new Map()]),
  );
  private buffer: StateEvent[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  /** Called after new events were numbered. */
  onChange: () => void = () => undefined;

  constructor(private readonly engine: EngineClient) {}

  get lastSeq(): number {
    return this.seq;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async list(kind: ObjectKind, containerId?: string): Promise<Item[]> {
    switch (kind) {
      case 'container': {
        const filter =
          containerId === undefined
            ? ''
            : `&filters=${encodeURIComponent(JSON.stringify({ id: [containerId] }))}`;
        return this.engine.json<Item[]>(`/containers/json?all=1${filter}`);
      }
      case 'image':
        return this.engine.json<Item[]>('/images/json');
      case 'volume':
        return (
          (await this.engine.json<{ Volumes: Item[] | null }>('/volumes', { Volumes: [] }))
            .Volumes ?? []
        );
      case 'network':
        return this.engine.json<Item[]>('/networks', []);
    }
  }

  /** A full snapshot; everything buffered before it is obsolete. */
  snapshot(): Promise<StateSnapshot> {
    return this.serial(async () => {
      const [containers, images, volumes, networks] = await Promise.all(
        KINDS.map((k) => this.list(k)),
      );
      const lists = {
        container: containers!,
        image: images!,
        volume: volumes!,
        network: networks!,
      };
      for (const kind of KINDS)
        this.known.set(kind, new Map(lists[kind].map((i) => [idOf(kind, i), JSON.stringify(i)])));
      this.buffer = [];
      return {
        epoch: this.epoch,
        seq: this.seq,
        containers,
        images,
        volumes,
        networks,
      } as StateSnapshot;
    });
  }

  /** Re-reads what an engine event may have changed (or everything, when `kind` is undefined). */
  refresh(kind?: ObjectKind, containerId?: string, action = 'rescan'): Promise<void> {
    return this.serial(async () => {
      const kinds = kind === undefined ? KINDS : [kind];
      let changed = false;
      for (const k of kinds) {
        const only = k === 'container' ? containerId : undefined;
        changed = this.diff(k, await this.list(k, only), only, action) || changed;
      }
      if (changed) this.onChange();
    });
  }

  private diff(
    kind: ObjectKind,
    items: Item[],
    onlyId: string | undefined,
    action: string,
  ): boolean {
    const known = this.known.get(kind)!;
    const seen = new Set<string>();
    let changed = false;
    for (const item of items) {
      const id = idOf(kind, item);
      const json = JSON.stringify(item);
      seen.add(id);
      if (known.get(id) === json) continue;
      known.set(id, json);
      this.push({ kind, id, action, object: item });
      changed = true;
    }
    for (const id of [...known.keys()]) {
      const inScope = onlyId === undefined || id === onlyId || id.startsWith(onlyId);
      if (!inScope || seen.has(id)) continue;
      known.delete(id);
      this.push({ kind, id, action, object: null });
      changed = true;
    }
    return changed;
  }

  private push(event: Omit<StateEvent, 'seq' | 'time'>): void {
    this.seq += 1;
    this.buffer.push({ ...event, seq: this.seq, time: Date.now() });
    if (this.buffer.length > BUFFER_LIMIT) this.buffer.splice(0, this.buffer.length - BUFFER_LIMIT);
  }

  /** Buffered events after `seq` (at most `max`); undefined when some of them are no longer kept. */
  eventsAfter(seq: number, max = 500): StateEvent[] | undefined {
    if (seq >= this.seq) return [];
    const first = this.buffer[0];
    if (first === undefined || first.seq > seq + 1) return undefined;
    return this.buffer.filter((e) => e.seq > seq).slice(0, max);
  }

  /** The server has applied everything up to `seq`. */
  acknowledge(seq: number): void {
    const keep = this.buffer.findIndex((e) => e.seq > seq);
    this.buffer = keep < 0 ? [] : this.buffer.slice(keep);
  }
}
