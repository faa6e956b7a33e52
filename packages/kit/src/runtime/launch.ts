import type { FastifyInstance } from 'fastify';
import { type Identity, type Vouches, vouchedHeaders } from '../auth/vouch.ts';
import { type RunningService, type ServiceInterceptors, startService } from '../service/start.ts';
import { portTakenOr } from './port-taken.ts';
import type { Runtime } from './runtime.ts';
import type { SystemDefinition } from './system.ts';
import { createSystemGateway, listenGateway } from './system-gateway.ts';

export interface RunningSystem {
  readonly definition: SystemDefinition;
  readonly gatewayUrl: string;
  readonly gateway: FastifyInstance;
  /** The running instance of each service (absent while stopped). */
  readonly services: ReadonlyMap<string, RunningService>;
  service(name: string): RunningService;
  stopService(name: string): Promise<void>;
  startService(name: string): Promise<RunningService>;
  /** Headers that let a request straight to a service speak for `identity` (a demo, a test). */
  vouchedHeaders(identity: Identity): Record<string, string>;
  /** Gateway first (no new work), then every service gracefully. */
  stop(): Promise<void>;
}

export interface LaunchOptions {
  /** `fixed`: the ports the system declares (npm start); `ephemeral`: any free port (tests). */
  ports?: 'fixed' | 'ephemeral';
  clock?: () => Date;
  /** A test's or a drill's hooks into each service (`testing/faults.ts`); none in production. */
  interceptors?: (service: string) => ServiceInterceptors;
}

export async function launchSystem(
  definition: SystemDefinition,
  runtime: Runtime,
  options: LaunchOptions = {},
): Promise<RunningSystem> {
  const fixed = (options.ports ?? 'fixed') === 'fixed';
  const services = new Map<string, RunningService>();
  const declared = (name: string) => {
    const entry = definition.services.find((s) => s.definition.name === name);
    if (!entry) throw new Error(`${definition.name} has no service ${name}`);
    return entry;
  };
  const start = async (name: string) => {
    if (services.has(name)) throw new Error(`${definition.name}/${name} is already running`);
    const entry = declared(name);
    const port = fixed ? entry.port : 0;
    const running = await startService(entry.definition, runtime, {
      port,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.interceptors ? { interceptors: options.interceptors(name) } : {}),
    }).catch((error: unknown) => {
      throw portTakenOr(error, `${definition.name}/${name}`, runtime.host, port);
    });
    services.set(name, running);
    return running;
  };

  let gateway: FastifyInstance | undefined;
  try {
    for (const { definition: service } of definition.services) await start(service.name);
    gateway = await createSystemGateway(definition, runtime);
    const port = fixed ? definition.gateway.port : 0;
    const { url } = await listenGateway(gateway, runtime, port).catch((error: unknown) => {
      throw portTakenOr(error, `${definition.name}/gateway`, runtime.host, port);
    });
    return running(gateway, url, (await runtime.systemKeys(definition.name)).vouches);
  } catch (error) {
    // Nothing half-started is left listening: the caller may report the failure and exit, or try again.
    await gateway?.close().catch(() => undefined);
    await Promise.all([...services.values()].map((s) => s.stop().catch(() => undefined)));
    services.clear();
    throw error;
  }

  function running(gateway: FastifyInstance, gatewayUrl: string, vouches: Vouches): RunningSystem {
    return {
      definition,
      gatewayUrl,
      gateway,
      services,
      vouchedHeaders: (identity) => vouchedHeaders(vouches, identity),
      service(name) {
        const found = services.get(name);
        if (!found) throw new Error(`${definition.name}/${name} is not running`);
        return found;
      },
      async stopService(name) {
        const found = services.get(name);
        if (!found) return;
        services.delete(name);
        await found.stop();
      },
      startService: start,
      async stop() {
        await gateway.close();
        await Promise.all([...services.values()].map((s) => s.stop()));
        services.clear();
      },
    };
  }
}
