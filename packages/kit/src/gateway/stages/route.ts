import type { GatewayStage } from '../pipeline.ts';
import type { Problems } from '../problem.ts';
import type { RouteTable } from '../route.ts';

/**
 * Stage 3: finds the route for the request: 404 when no route has the path, 405 (with Allow) when none has
 * the method. Before matching, refuses paths that mean something else once decoded (400): a `..` or `.`
 * segment, or a segment hiding a `/` or `\` behind percent-encoding. Such a path could match a public route
 * here and then be normalised by an upstream into a path behind another route's roles.
 */
export function matchRoute(system: string, table: RouteTable, problems: Problems): GatewayStage {
  return (exchange) => {
    const { request, path } = exchange;
    const unsafe = unsafePath(path);
    if (unsafe) return problems.answer(exchange, 400, 'bad-path', `the path ${unsafe}; send a normalised path`);
    const match = table.match(request.method, path);
    switch (match.kind) {
      case 'found':
        exchange.route = match.route;
        exchange.params = match.params;
        return undefined;
      case 'method-not-allowed':
        return problems.answer(
          exchange,
          405,
          'method-not-allowed',
          `${request.method} is not allowed on ${path}; use ${match.allow.join(', ')}`,
          { headers: { allow: match.allow.join(', ') } },
        );
      case 'not-found':
        return problems.answer(
          exchange,
          404,
          'route-not-found',
          `the ${system} gateway has no route for ${request.method} ${path}; check the path against the API`,
        );
    }
  };
}

/** Why the path is unsafe, or undefined. Cheap for ordinary paths: only segments with '%' or '.' are decoded. */
export function unsafePath(path: string): string | undefined {
  if (path.includes('\\')) return 'contains a backslash';
  let start = 1;
  while (start <= path.length) {
    let end = path.indexOf('/', start);
    if (end === -1) end = path.length;
    const raw = path.slice(start, end);
    if (raw.includes('%') || raw.startsWith('.')) {
      let segment: string;
      try {
        segment = decodeURIComponent(raw);
      } catch {
        return 'has broken percent-encoding';
      }
      if (segment === '.' || segment === '..') return "has a '.' or '..' segment";
      if (segment.includes('/') || segment.includes('\\')) return 'hides a slash or backslash in an encoded segment';
      if (segment.includes('\0')) return 'contains an encoded NUL';
    }
    start = end + 1;
  }
  return undefined;
}
