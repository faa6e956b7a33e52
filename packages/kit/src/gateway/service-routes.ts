import type { AnyService } from '../service/define.ts';
import type { GatewayRoute } from './route.ts';

/**
 * A system's gateway route table, derived from its services' endpoints: every endpoint not marked internal,
 * exactly (method and path), with the schemas the service validates with and the gateway block it declares.
 */
export function gatewayRoutesOf(services: readonly AnyService[]): GatewayRoute[] {
  const routes: GatewayRoute[] = [];
  for (const service of services) {
    for (const endpoint of service.endpoints) {
      if (endpoint.gateway === 'internal') continue;
      const { params, query, body } = endpoint;
      const schema = {
        ...(params ? { params } : {}),
        ...(query ? { querystring: query } : {}),
        ...(body ? { body } : {}),
      };
      routes.push({
        method: endpoint.method,
        path: endpoint.path,
        service: service.name,
        summary: endpoint.summary,
        ...(Object.keys(schema).length > 0 ? { schema } : {}),
        ...endpoint.gateway,
      });
    }
  }
  return routes;
}
