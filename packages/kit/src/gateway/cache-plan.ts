import { compileKeyTemplate, type KeyInputs, type KeyTemplate, ownedKey } from './cache-keys.ts';
import type { GatewayRoute } from './route.ts';
import { routeParams } from './routes.ts';

/** A route's cache behaviour, checked and compiled once at start-up. */
export interface CachePlan {
  /** Present on routes that cache their GET answers. */
  read?: { key: KeyTemplate; ttlMs: number; private: boolean };
  invalidates: readonly KeyTemplate[];
}

/**
 * Compiles every route's `cache` and `invalidates`, refusing what could leak or never work: a cache on a route
 * that has no GET, a private cache or a claim in a key on a public route (there is no caller to key by).
 */
export function compileCachePlans(routes: readonly GatewayRoute[]): ReadonlyMap<GatewayRoute, CachePlan> {
  const plans = new Map<GatewayRoute, CachePlan>();
  for (const route of routes) {
    if (!route.cache && !route.invalidates?.length) continue;
    const where = `gateway route ${route.path} → ${route.service}`;
    const params = routeParams(route.path);
    const isPublic = route.auth === 'public';
    const plan: { read?: CachePlan['read']; invalidates: KeyTemplate[] } = { invalidates: [] };
    if (route.cache) {
      const methods = typeof route.method === 'string' ? [route.method] : route.method;
      if (!methods.some((m) => m === '*' || m.toUpperCase() === 'GET')) {
        throw new Error(`${where}: only GET answers are cached; remove cache or add GET`);
      }
      if (route.cache.key.includes('*')) throw new Error(`${where}: a cache key cannot contain '*'`);
      const ttlSec = route.cache.ttlSec ?? 60;
      if (!(ttlSec > 0)) throw new Error(`${where}: cache.ttlSec must be > 0, got ${ttlSec}`);
      const key = compileKeyTemplate(route.cache.key, params, where);
      if (isPublic && (route.cache.private || key.claims.length > 0)) {
        throw new Error(`${where}: a public route has no caller, so its cache cannot be private or use {claims:...}`);
      }
      plan.read = { key, ttlMs: ttlSec * 1000, private: route.cache.private === true };
    }
    for (const pattern of route.invalidates ?? []) {
      const template = compileKeyTemplate(pattern, params, where);
      if (isPublic && template.claims.length > 0) {
        throw new Error(`${where}: a public route has no caller, so '${pattern}' cannot use {claims:...}`);
      }
      plan.invalidates.push(template);
    }
    plans.set(route, plan);
  }
  return plans;
}

/** The full cache key of this request: system, expanded template, and the owner for a private route. */
export function cacheKeyOf(
  system: string,
  plan: NonNullable<CachePlan['read']>,
  inputs: KeyInputs,
): string | undefined {
  const key = `${system}:${plan.key.expand(inputs)}`;
  if (!plan.private) return key;
  const subject = inputs.claims?.sub;
  // No caller, no private entry: better a miss than a key shared by every anonymous request.
  return subject ? ownedKey(key, subject) : undefined;
}

/**
 * The patterns one invalidation removes: the key or pattern itself and every caller's private copy of it
 * (`outings.7` also removes `outings.7@<sub>`; a pattern ending in `*` already covers them).
 */
export function invalidationPatterns(system: string, template: KeyTemplate, inputs: KeyInputs): string[] {
  const pattern = `${system}:${template.expand(inputs)}`;
  return pattern.endsWith('*') ? [pattern] : [pattern, `${pattern}@*`];
}
