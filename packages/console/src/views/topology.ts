import type { GatewayRoute as TableRoute } from '@mosaic/kit/gateway';
import type { GatewayRoute, InstanceInfo, SystemTopology, Topology } from '../api.ts';
import { fetchText } from '../sources/operator-http.ts';
import type { ConsoleSource, ProcessAddress } from '../sources/source.ts';

/** A probe longer than this says "not answering": the view must not wait on one stuck process. */
const PROBE_TIMEOUT_MS = 1_000;

/** GET /api/topology: systems → gateway (with its route table) and services → instances, probed now. */
export async function topologyOf(source: ConsoleSource): Promise<Topology> {
  const systems = await Promise.all(
    source.systems().map(async (system): Promise<SystemTopology> => {
      const gateway = source.gateways(system.name)[0];
      const routes = system.gateway.routes.flatMap(routeLines);
      const services = await Promise.all(
        system.services.map(async ({ definition }) => ({
          name: definition.name,
          instances: await Promise.all(source.instances(system.name, definition.name).map(instanceInfo)),
        })),
      );
      return {
        name: system.name,
        gateway: gateway ? { url: gateway.url, ready: await answersReady(gateway.url), routes } : null,
        services,
      };
    }),
  );
  return { runtime: source.runtime, generatedAt: new Date().toISOString(), systems };
}

async function instanceInfo(instance: ProcessAddress): Promise<InstanceInfo> {
  const live = await probeLive(instance.url);
  const startedAt = live?.startedAt ?? null;
  return {
    id: instance.id,
    url: instance.url,
    // Registered ready, and answering now: a process that stopped answering is not ready, whatever it said.
    ready: instance.ready && live !== undefined,
    version: live?.version ?? 'unknown',
    startedAt,
    uptimeSec: startedAt ? Math.max(0, Math.round((Date.now() - Date.parse(startedAt)) / 1000)) : null,
  };
}

/** `/livez` says when the instance started and what it runs (`service/start.ts`); undefined when it does not answer. */
async function probeLive(url: string): Promise<{ startedAt: string | null; version: string | null } | undefined> {
  try {
    const answer = await fetchText(`${url}/livez`, PROBE_TIMEOUT_MS);
    if (answer.status !== 200) return undefined;
    const body = JSON.parse(answer.text) as { startedAt?: unknown; version?: unknown };
    const startedAt =
      typeof body.startedAt === 'string' && !Number.isNaN(Date.parse(body.startedAt)) ? body.startedAt : null;
    return { startedAt, version: typeof body.version === 'string' ? body.version : null };
  } catch {
    return undefined;
  }
}

async function answersReady(url: string): Promise<boolean> {
  try {
    return (await fetchText(`${url}/readyz`, PROBE_TIMEOUT_MS)).status === 200;
  } catch {
    return false;
  }
}

/** One line per method of a route-table entry, with who may call it in words. */
function routeLines(route: TableRoute): GatewayRoute[] {
  const methods = typeof route.method === 'string' ? [route.method] : [...route.method];
  return methods.map((method) => ({ method, path: route.path, service: route.service, access: accessOf(route.auth) }));
}

function accessOf(auth: TableRoute['auth']): string {
  if (auth === 'public') return 'public';
  if (auth === undefined) return 'user';
  if (typeof auth === 'function') return 'custom';
  return auth.map((role) => `role:${role}`).join(' ');
}
