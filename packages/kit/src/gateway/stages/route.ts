import type { GatewayStage } from '../pipeline.ts';
import { problemAnswer } from '../problem.ts';
import type { RouteTable } from '../routes.ts';

/** Finds the route for the request: 404 when no route has the path, 405 (with Allow) when none has the method. */
export function matchRoute(system: string, table: RouteTable): GatewayStage {
  return (exchange) => {
    const { request } = exchange;
    const path = request.url.split('?', 1)[0]!;
    const match = table.match(request.method, path);
    const where = { url: request.url, requestId: exchange.requestId };
    switch (match.kind) {
      case 'found':
        exchange.route = match.route;
        exchange.params = match.params;
        return undefined;
      case 'method-not-allowed':
        return problemAnswer(
          where,
          405,
          'method-not-allowed',
          `${request.method} is not allowed on ${path}; use ${match.allow.join(', ')}`,
          { allow: match.allow.join(', ') },
        );
      case 'not-found':
        return problemAnswer(
          where,
          404,
          'route-not-found',
          `the ${system} gateway has no route for ${request.method} ${path}; check the path against the API`,
        );
    }
  };
}
