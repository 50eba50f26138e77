import {
  OWNER_TEAM_LABEL,
  OWNER_USER_LABEL,
  isPublicResource,
  ownsResource,
  type OperationResponse,
  type Principal,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';

import { type RelayRequest } from '../realtime/operation-relay';
import { type ListedKind } from './operation-permissions';

type Labelled = { Labels?: Record<string, string> | null } & Record<string, unknown>;

/**
 * Labels a create request's body with its owner. Ownership-restricted callers always own what they
 * create and may hand it only to one of their own teams; others keep labels they set themselves.
 */
export function withOwnerLabels(
  request: RelayRequest,
  principal: Principal,
  anyOwnership: boolean,
): RelayRequest {
  const text =
    request.body === undefined ? '{}' : Buffer.from(request.body, 'base64').toString('utf8');
  let config: Labelled;
  try {
    config = JSON.parse(text) as Labelled;
  } catch (error) {
    throw new AppError('InvalidArgument', 'BODY_INVALID', 'the request body is not valid JSON', {
      cause: error,
    });
  }
  const labels = { ...(config.Labels ?? {}) };
  if (!anyOwnership || labels[OWNER_USER_LABEL] === undefined)
    labels[OWNER_USER_LABEL] = principal.userId;
  const team = labels[OWNER_TEAM_LABEL];
  if (!anyOwnership && team !== undefined && !principal.teamIds.includes(team))
    throw new AppError('PermissionDenied', 'NOT_YOUR_TEAM', 'you can only share with your teams');
  config.Labels = labels;
  return {
    ...request,
    headers: { ...request.headers, 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(config)).toString('base64'),
  };
}

/** Docker accepts each filter as a list of values or as a `{ value: true }` map. */
function filterValuesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'object' && value !== null) return Object.keys(value);
  return typeof value === 'string' ? [value] : [];
}

/**
 * Narrows a prune to what the caller owns by adding their owner label to its `filters`: the engine
 * ANDs label filters, so whatever else the caller filters on, only resources labelled as theirs go.
 * What a teammate created for the team stays (it carries the teammate's user label): one label
 * filter cannot say "mine or my team's", so that is left to someone with a grant on everything.
 */
export function withOwnerFilter(request: RelayRequest, principal: Principal): RelayRequest {
  const url = new URL(request.path, 'http://agent');
  let filters: Record<string, unknown>;
  try {
    filters = JSON.parse(url.searchParams.get('filters') || '{}') as Record<string, unknown>;
  } catch (error) {
    throw new AppError('InvalidArgument', 'BAD_FILTERS', 'filters is not valid JSON', {
      cause: error,
    });
  }
  if (typeof filters !== 'object' || filters === null || Array.isArray(filters))
    throw new AppError('InvalidArgument', 'BAD_FILTERS', 'filters must be a JSON object');
  const label = [...filterValuesOf(filters['label']), `${OWNER_USER_LABEL}=${principal.userId}`];
  url.searchParams.set('filters', JSON.stringify({ ...filters, label }));
  return { ...request, path: `${url.pathname}${url.search}` };
}

const visible = (principal: Principal, item: Labelled): boolean =>
  ownsResource(principal, item.Labels) || isPublicResource(item.Labels);

type DiskUsage = { Containers?: Labelled[] | null; Volumes?: Labelled[] | null };

/** The visible items of one answer: a list, a volume page, or `/system/df` (images are host-wide). */
function visibleIn(parsed: unknown, kind: ListedKind, principal: Principal): unknown {
  const mine = (items: Labelled[] | null | undefined) =>
    (items ?? []).filter((item) => visible(principal, item));
  if (Array.isArray(parsed)) return mine(parsed as Labelled[]);
  if (typeof parsed !== 'object' || parsed === null) return parsed;
  if (kind === 'volume') {
    const page = parsed as { Volumes?: Labelled[] | null };
    return { ...page, Volumes: mine(page.Volumes) };
  }
  if (kind === 'disk-usage') {
    const usage = parsed as DiskUsage;
    return { ...usage, Containers: mine(usage.Containers), Volumes: mine(usage.Volumes) };
  }
  return parsed;
}

/**
 * Cuts a relayed list (`/containers/json`, `/volumes`, `/networks`) or the disk usage's containers
 * and volumes down to owned and public items.
 */
export function filterListBody(
  reply: OperationResponse,
  kind: ListedKind,
  principal: Principal,
): OperationResponse {
  if (reply.status !== 200 || reply.body === undefined) return reply;
  const parsed = JSON.parse(Buffer.from(reply.body, 'base64').toString('utf8')) as unknown;
  const filtered = visibleIn(parsed, kind, principal);
  const body = Buffer.from(JSON.stringify(filtered));
  return {
    ...reply,
    headers: { ...reply.headers, 'content-length': String(body.length) },
    body: body.toString('base64'),
  };
}
