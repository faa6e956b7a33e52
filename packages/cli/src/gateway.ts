import { randomUUID } from 'node:crypto';
import { GATEWAY_SERVICE } from '@mosaic/kit/discovery';
import { createLogger, flushSpans } from '@mosaic/kit/observability';
import { createDistributedRuntime, createSystemGateway, listenGateway, portTakenOr } from '@mosaic/kit/runtime';
import { listenPort, report, stopOnSignal } from './process-life.ts';
import { findSystem } from './targets.ts';

/**
 * `mosaic gateway <system>`: one gateway replica in this process on the distributed runtime. It finds
 * services through the NATS KV registry and shares its cache, limits and revocations in Redis, so any
 * number of replicas can stand behind a load balancer.
 */
export async function gateway(systemName: string | undefined): Promise<void> {
  const system = await findSystem(systemName);
  const name = `${system.name}/gateway`;
  const logger = createLogger();
  const runtime = await createDistributedRuntime({ systems: [system], logger });
  const app = await createSystemGateway(system, runtime);
  let listening: { url: string; port: number };
  const port = listenPort(system.gateway.port);
  try {
    listening = await listenGateway(app, runtime, port);
  } catch (error) {
    await app.close().catch(() => undefined);
    await runtime.close().catch(() => undefined);
    throw portTakenOr(error, name, runtime.host, port);
  }
  // In the registry beside the services, so whatever finds processes there (a Prometheus configuration) finds
  // every gateway replica too.
  const instanceId = `gateway-${randomUUID().slice(0, 8)}`;
  await runtime.registry.register({
    id: instanceId,
    system: system.name,
    service: GATEWAY_SERVICE,
    url: listening.url,
    ready: true,
  });
  stopOnSignal(name, logger, async () => {
    await runtime.registry.deregister(instanceId);
    await app.close();
    // The last requests' spans, before the process exits.
    await flushSpans();
    await runtime.close();
  });
  logger.info({ url: listening.url }, `${name} ready at ${listening.url}`);
  report({ type: 'ready', name, url: listening.url, port: listening.port, pid: process.pid });
}
