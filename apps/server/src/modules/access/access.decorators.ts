import { SetMetadata } from '@nestjs/common';
import { type AccessTarget, type Permission } from '@wharf/contracts';

/** Where a request's permission applies, worked out from its route params, query and body. */
export interface ScopeInput {
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
  body: unknown;
}

/** A host id (its groups are looked up) or a complete target. */
export type ScopeResult = AccessTarget | { hostId: string };
export type ScopeResolver = (input: ScopeInput) => ScopeResult;

export type AccessDecision =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'permission'; permission: Permission; scope?: ScopeResolver };

export const ACCESS_DECISION = 'wharf:access-decision';

/** Anyone, logged in or not (login, first-run setup, agent join with its own token). */
export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_DECISION, { kind: 'public' } satisfies AccessDecision);

/** Any logged-in user or valid API token (own profile, own tokens, logout). */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_DECISION, { kind: 'authenticated' } satisfies AccessDecision);

/**
 * The permission a route needs. Without a scope it must be held somewhere (list routes then filter
 * per host); pass `hostFromParam('id')` or your own resolver for routes about one host.
 */
export const RequirePermission = (
  permission: Permission,
  scope?: ScopeResolver,
): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_DECISION, { kind: 'permission', permission, scope } satisfies AccessDecision);

/** Scope resolver: the host named by a route parameter. */
export function hostFromParam(name: string): ScopeResolver {
  return ({ params }) => ({ hostId: params[name] ?? '' });
}
