import type { Logger } from '../../observability/logger.ts';
import type { GatewayStage } from '../pipeline.ts';
import type { Problems } from '../problem.ts';

/**
 * Stage 5: the route's roles (a list matched against the token's `role`, or a predicate on the claims) → 403.
 * Only coarse, per-route rules: whether this student owns that outing is the service's to decide.
 */
export function authorize(problems: Problems, logger: Logger): GatewayStage {
  return (exchange) => {
    const { route, claims } = exchange;
    const auth = route?.auth;
    if (auth === undefined || auth === 'public') return undefined;
    if (!claims) throw new Error('the authorize stage ran before authentication set the claims');
    if (typeof auth === 'function') {
      let allowed = false;
      try {
        allowed = auth(claims) === true;
      } catch (error) {
        // A predicate that throws on odd claims must refuse, not fail the gateway.
        logger.error({ err: error, route: route?.path }, 'route auth predicate threw; refusing the request');
      }
      if (allowed) return undefined;
      return problems.answer(exchange, 403, 'forbidden', 'your token does not allow this request');
    }
    if (auth.includes(claims.role)) return undefined;
    return problems.answer(
      exchange,
      403,
      'role-not-allowed',
      `this route is for ${auth.join(', ')}; your role is ${claims.role}`,
    );
  };
}
