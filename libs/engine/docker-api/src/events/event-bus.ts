/** One engine event in Docker's `/events` shape (plus the legacy `status`/`id`/`from` fields). */
export interface EngineEvent {
  Type: 'container' | 'image' | 'volume' | 'network' | 'daemon';
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope: 'local';
  time: number;
  timeNano: number;
  status?: string;
  id?: string;
  from?: string;
}

type Listener = (event: EngineEvent) => void;

/** How many past events `/events?since=` can replay (moby keeps 256; we keep a little more). */
const HISTORY = 1024;

/**
 * The engine's one event bus: container, image, volume and network services publish; `/events`,
 * the server link, restart policies and healthchecks subscribe.
 */
export class EngineEventBus {
  private readonly listeners = new Set<Listener>();
  private readonly history: EngineEvent[] = [];

  publish(event: EngineEvent): void {
    const withLegacy =
      event.Type === 'container' || event.Type === 'image'
        ? {
            ...event,
            status: event.Action,
            id: event.Actor.ID,
            from: event.Actor.Attributes['image'],
          }
        : event;
    this.history.push(withLegacy);
    if (this.history.length > HISTORY) this.history.shift();
    for (const listener of this.listeners) listener(withLegacy);
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Past events with `sinceNano <= timeNano <= untilNano`. */
  replay(sinceNano: number, untilNano = Number.POSITIVE_INFINITY): EngineEvent[] {
    return this.history.filter((e) => e.timeNano >= sinceNano && e.timeNano <= untilNano);
  }
}

/** Builds an event stamped now. */
export function engineEvent(
  type: EngineEvent['Type'],
  action: string,
  id: string,
  attributes: Record<string, string> = {},
  now = Date.now(),
): EngineEvent {
  return {
    Type: type,
    Action: action,
    Actor: { ID: id, Attributes: attributes },
    scope: 'local',
    time: Math.floor(now / 1000),
    timeNano: now * 1_000_000,
  };
}
