import type { EngineEvent } from './event-bus';

/** Filter keys `docker events --filter` accepts. */
export const EVENT_FILTER_KEYS = [
  'container',
  'daemon',
  'event',
  'image',
  'label',
  'network',
  'type',
  'volume',
  'scope',
] as const;

function matchesName(event: EngineEvent, values: string[] | undefined): boolean {
  if (!values || values.length === 0) return true;
  const name = event.Actor.Attributes['name'];
  return values.some((v) => event.Actor.ID.startsWith(v) || v === name);
}

function matchesLabels(event: EngineEvent, labels: string[] | undefined): boolean {
  if (!labels || labels.length === 0) return true;
  return labels.every((label) => {
    const [key = '', value] = label.split('=', 2);
    const actual = event.Actor.Attributes[key];
    return value === undefined ? actual !== undefined : actual === value;
  });
}

/** Docker's event filter semantics: values of one key are OR-ed, keys are AND-ed. */
export function eventMatches(event: EngineEvent, filters: Record<string, string[]>): boolean {
  const { type, event: actions, label, image } = filters;
  if (type?.length && !type.includes(event.Type)) return false;
  if (
    actions?.length &&
    !actions.some((a) => event.Action === a || event.Action.startsWith(`${a}:`))
  )
    return false;
  if (!matchesLabels(event, label)) return false;
  if (
    image?.length &&
    !image.some((i) => event.Actor.Attributes['image'] === i || event.Actor.ID === i)
  )
    return false;
  for (const kind of ['container', 'volume', 'network'] as const) {
    const values = filters[kind];
    if (values?.length && (event.Type !== kind || !matchesName(event, values))) return false;
  }
  return true;
}
