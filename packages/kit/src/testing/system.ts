import { silentLogger } from '../observability/logger.ts';
import { createEmbeddedRuntime } from '../runtime/embedded.ts';
import { launchSystem, type RunningSystem } from '../runtime/launch.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { SystemDefinition } from '../runtime/system.ts';
import { type JsonClient, jsonClient } from './http.ts';

export interface TestSystem extends RunningSystem {
  readonly runtime: Runtime;
  /** JSON client to the system's gateway. */
  readonly http: JsonClient;
  /** JSON client straight to one service's current instance (bypassing the gateway). */
  direct(service: string): JsonClient;
  /** Makes a service slow: every request waits a random time in [min, max] ms. */
  slow(service: string, latencyMs: readonly [number, number]): void;
  /** Makes a service answer every request with this status. */
  fail(service: string, status: number): void;
  /** Removes every injected HTTP fault from a service. */
  heal(service: string): void;
  /** Stops the system and closes its runtime (databases, bus). */
  close(): Promise<void>;
}

/**
 * Starts a whole system in this process on the embedded runtime: in-memory PGlite (or `dataDir`),
 * ephemeral ports, silent logs (set MOSAIC_LOG_LEVEL to see them).
 */
export async function startTestSystem(
  definition: SystemDefinition,
  options: { dataDir?: string; clock?: () => Date } = {},
): Promise<TestSystem> {
  const runtime = createEmbeddedRuntime({
    logger: silentLogger(),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  const system = await launchSystem(definition, runtime, {
    ports: 'ephemeral',
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return Object.assign(Object.create(null), system, {
    runtime,
    http: jsonClient(system.gatewayUrl),
    direct: (service: string) => jsonClient(system.service(service).url),
    slow(service: string, latencyMs: readonly [number, number]) {
      system.service(service).faults.latencyMs = latencyMs;
    },
    fail(service: string, status: number) {
      system.service(service).faults.failWith = status;
    },
    heal(service: string) {
      const { faults } = system.service(service);
      delete faults.latencyMs;
      delete faults.failWith;
    },
    async close() {
      await system.stop();
      await runtime.close();
    },
  }) as TestSystem;
}
