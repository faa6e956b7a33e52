import { silentLogger } from '../observability/logger.ts';
import { createDistributedRuntime } from '../runtime/distributed.ts';
import { readDistributedConfig } from '../runtime/distributed-config.ts';
import { createEmbeddedRuntime } from '../runtime/embedded.ts';
import { launchSystem, type RunningSystem } from '../runtime/launch.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { SystemDefinition } from '../runtime/system.ts';
import { type Faults, faultInterceptors } from './faults.ts';
import { type JsonClient, jsonClient } from './http.ts';
import { dropNamespace, freshNamespace } from './namespace.ts';

export interface TestSystem extends RunningSystem {
  readonly runtime: Runtime;
  /** JSON client to the system's gateway. */
  readonly http: JsonClient;
  /** JSON client straight to one service's current instance (bypassing the gateway). */
  direct(service: string): JsonClient;
  /** A token for the system's operator routes (`/admin/*`), as `mosaic operator-token` issues them. */
  readonly operatorToken: string;
  /** Like `direct`, as an operator: every call carries `operatorToken`. */
  operator(service: string): JsonClient;
  /** The faults injected into a service (its instances now and later); change them at any time. */
  faults(service: string): Faults;
  /** Makes a service slow: every request waits a random time in [min, max] ms. */
  slow(service: string, latencyMs: readonly [number, number]): void;
  /** Makes a service answer every request with this status. */
  fail(service: string, status: number): void;
  /** Removes every injected HTTP fault from a service. */
  heal(service: string): void;
  /** Stops the system and closes its runtime (databases, bus). */
  close(): Promise<void>;
}

export interface TestSystemOptions {
  /**
   * `embedded` (default): in-memory PGlite (or `dataDir`), in-process bus and registry. `distributed`: the
   * real engines (PostgreSQL, MySQL/MariaDB, NATS, Redis from the MOSAIC_*_URL variables) under a fresh
   * namespace of this run's own, which `close` deletes.
   */
  runtime?: 'embedded' | 'distributed';
  dataDir?: string;
  clock?: () => Date;
}

/**
 * Starts a whole system in this process on ephemeral ports with silent logs (set MOSAIC_LOG_LEVEL to see
 * them), on the embedded runtime or on the distributed one.
 */
export async function startTestSystem(
  definition: SystemDefinition,
  options: TestSystemOptions = {},
): Promise<TestSystem> {
  const logger = silentLogger();
  let runtime: Runtime;
  let cleanUp = async () => {};
  if (options.runtime === 'distributed') {
    const config = readDistributedConfig({ ...process.env, MOSAIC_NAMESPACE: freshNamespace() });
    runtime = await createDistributedRuntime({ systems: [definition], config, logger });
    cleanUp = () => dropNamespace(config);
  } else {
    runtime = createEmbeddedRuntime({ logger, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  }
  const faults = new Map<string, Faults>();
  const faultsOf = (service: string) => {
    let found = faults.get(service);
    if (!found) {
      found = {};
      faults.set(service, found);
    }
    return found;
  };
  let system: RunningSystem;
  let operatorToken: string;
  try {
    operatorToken = await (await runtime.systemKeys(definition.name)).operators.issue();
    system = await launchSystem(definition, runtime, {
      ports: 'ephemeral',
      interceptors: (service) => faultInterceptors(faultsOf(service)),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  } catch (error) {
    await runtime.close().catch(() => undefined);
    await cleanUp().catch(() => undefined);
    throw error;
  }
  return Object.assign(Object.create(null), system, {
    runtime,
    http: jsonClient(system.gatewayUrl),
    direct: (service: string) => jsonClient(system.service(service).url),
    operatorToken,
    operator: (service: string) =>
      jsonClient(system.service(service).url, { authorization: `Bearer ${operatorToken}` }),
    faults: faultsOf,
    slow(service: string, latencyMs: readonly [number, number]) {
      faultsOf(service).latencyMs = latencyMs;
    },
    fail(service: string, status: number) {
      faultsOf(service).failWith = status;
    },
    heal(service: string) {
      const injected = faultsOf(service);
      delete injected.latencyMs;
      delete injected.failWith;
    },
    async close() {
      try {
        await system.stop();
        await runtime.close();
      } finally {
        await cleanUp();
      }
    },
  }) as TestSystem;
}
