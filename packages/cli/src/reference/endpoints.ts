import type { RouteAuth } from '@mosaic/kit/gateway';
import type { SystemDefinition } from '@mosaic/kit/runtime';
import type { Endpoint } from '@mosaic/kit/service';
import { code, markdownTable } from './markdown.ts';

function whoMayCall(auth: RouteAuth | undefined): string {
  if (auth === undefined) return 'any signed-in caller';
  if (auth === 'public') return 'anyone';
  if (typeof auth === 'function') return 'a rule of the route';
  return auth.join(', ');
}

/** The endpoints of a system: the gateway's, then the ones only its services call. */
export function endpointsSection(system: SystemDefinition): string {
  const published: string[][] = [];
  const internal: string[][] = [];
  for (const { definition } of system.services) {
    for (const endpoint of definition.endpoints as readonly Endpoint<unknown>[]) {
      const route = code(`${endpoint.method} ${endpoint.path}`);
      if (endpoint.gateway === 'internal') {
        internal.push([route, definition.name, endpoint.summary]);
        continue;
      }
      const { auth, cache, invalidates } = endpoint.gateway;
      published.push([
        route,
        definition.name,
        whoMayCall(auth),
        cache ? `${code(cache.key)} ${cache.ttlSec ?? 60} s${cache.private ? ', per caller' : ''}` : '',
        (invalidates ?? []).map(code).join(' '),
        endpoint.summary,
      ]);
    }
  }
  const parts = [
    `## Endpoints\n\nAt the gateway, port ${system.gateway.port}. Bodies, path and query values are checked there and ` +
      'again by the service, with the same schemas (`/openapi.json` on the gateway has them).',
    markdownTable(['Route', 'Service', 'Who may call', 'Cached', 'Clears', 'What it does'], published),
  ];
  if (internal.length > 0) {
    parts.push('Served to other services only (not published at the gateway):');
    parts.push(markdownTable(['Route', 'Service', 'What it does'], internal));
  }
  return parts.join('\n\n');
}
