import { createNatsKvRegistry, GATEWAY_SERVICE } from '@mosaic/kit/discovery';
import { createLogger } from '@mosaic/kit/observability';
import { readDistributedConfig } from '@mosaic/kit/runtime';
import { openConsole } from './console.ts';
import type { ConsoleChoice } from './console-choice.ts';
import { stopOnSignal } from './process-life.ts';
import { loadSystems } from './system-loaders.ts';
import { UsageError } from './usage-error.ts';

/**
 * `mosaic console`: the ops console alone, on the distributed runtime, for a deployment whose processes no
 * `mosaic up --distributed` supervises (containers, Kubernetes). It finds service and gateway replicas in the
 * NATS KV registry (`mosaic gateway` registers there) and reads each over HTTP, as under the supervisor.
 */
export async function consoleAlone(options: { systems: readonly string[]; console: ConsoleChoice }): Promise<void> {
  if (options.console === false) throw new UsageError('mosaic console serves the console: --no-console makes no sense');
  const systems = await loadSystems(options.systems);
  const config = readDistributedConfig();
  const logger = createLogger();
  const registry = await createNatsKvRegistry({
    servers: config.urls.nats,
    bucket: `${config.namespace}mosaic_registry`,
    ttlMs: config.registryTtlMs,
  });
  let opened: Awaited<ReturnType<typeof openConsole>>;
  try {
    opened = await openConsole(options.console, async () => {
      const { distributedSource } = await import('@mosaic/console/sources/distributed');
      return distributedSource({
        systems,
        config,
        gateways: (system) =>
          registry.instances(system, GATEWAY_SERVICE).map(({ id, url, ready }) => ({ id, url, ready })),
      });
    });
  } catch (error) {
    await registry.close();
    throw error;
  }
  stopOnSignal('console', logger, async () => {
    await opened?.close();
    await registry.close();
  });
  logger.info({ url: opened?.url }, `ops console ready at ${opened?.url}${opened?.note ?? ''}`);
}
