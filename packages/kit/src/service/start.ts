import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createServiceClient, type ServiceClient } from '../calls/index.ts';
import type { Subscription } from '../messaging/bus.ts';
import { handleOnce, startRelay } from '../messaging/index.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { kitMigrations } from '../store/kit-tables.ts';
import { migrate } from '../store/migrations.ts';
import { createStore } from '../store/store.ts';
import { registerAdminRoutes } from './admin.ts';
import { type ClientConfig, policyGroup, type ServiceContext, type ServiceDefinition } from './define.ts';
import type { Faults } from './faults.ts';
import { createHttpApp } from './http-app.ts';
import { installHttpMetrics } from './metrics.ts';
import { useVouchedIdentity } from './vouched-identity.ts';

export interface RunningService {
  readonly name: string;
  readonly system: string;
  readonly instanceId: string;
  readonly url: string;
  readonly port: number;
  readonly app: FastifyInstance;
  /** Mutable: tests and drills inject latency, failures or poison here. */
  readonly faults: Faults;
  /** Pauses and resumes the outbox relay (tests simulating a crash before relay). */
  readonly relay: { pause(): void; resume(): void; flush(): Promise<void> };
  /** Graceful stop: leave the registry, finish in-flight requests and events, flush the outbox. */
  stop(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  clock?: () => Date;
}

/** Starts one service on a runtime: migrate → relay → HTTP → policies → register (then it is ready). */
export async function startService<DB, C extends string>(
  definition: ServiceDefinition<DB, C>,
  runtime: Runtime,
  options: StartOptions = {},
): Promise<RunningService> {
  const { system, name } = definition;
  const logger = runtime.logger.child({ system, service: name });
  const database = await runtime.database(system, name);
  await migrate(database, kitMigrations, 'mosaic_kit_migration');
  await migrate(database, definition.migrations);
  const bus = await runtime.bus(system);
  const keys = await runtime.systemKeys(system);
  const relay = startRelay({ database, bus, logger });
  const store = createStore<DB>(database, { source: `${system}/${name}`, onCommitWithEvents: () => relay.nudge() });

  const configs = (definition.clients ?? {}) as Record<C, ClientConfig>;
  const clients = {} as Record<C, ServiceClient>;
  for (const clientName of Object.keys(configs) as C[]) {
    const { service, ...policy } = configs[clientName];
    clients[clientName] = createServiceClient({
      registry: runtime.registry,
      system,
      service: service ?? clientName,
      logger,
      vouch: { vouches: keys.vouches, caller: `${system}/${name}` },
      ...policy,
    });
  }
  const ctx: ServiceContext<DB, C> = {
    system,
    name,
    store,
    clients,
    logger,
    clock: options.clock ?? (() => new Date()),
  };

  const faults: Faults = {};
  const app = createHttpApp({ logger, faults });
  useVouchedIdentity(app, keys.vouches);
  let ready = false;
  app.get('/livez', { logLevel: 'warn' }, async () => ({ status: 'live' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) =>
    ready ? { status: 'ready' } : reply.code(503).send({ status: 'starting' }),
  );
  installHttpMetrics(app, { system, service: name });
  const policies = Object.entries(definition.policies?.(ctx) ?? {});
  const groups = policies.map(([policyName, policy]) => policyGroup(name, policyName, policy));
  registerAdminRoutes(app, { system, operators: keys.operators, bus, store, groups, views: definition.views ?? {} });
  try {
    await app.register(async (scoped) => definition.routes(scoped, ctx));
    await app.listen({ port: options.port ?? 0, host: runtime.host });
  } catch (error) {
    // A taken port or a broken route: the relay started above must not outlive the failed start.
    await relay.stop();
    for (const client of Object.values<ServiceClient>(clients)) client.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const url = `http://${runtime.host}:${port}`;

  const subscriptions: Subscription[] = [];
  for (const [policyName, policy] of policies) {
    const group = policyGroup(name, policyName, policy);
    const types = typeof policy.on === 'string' ? [policy.on] : policy.on;
    subscriptions.push(
      await bus.subscribe(
        { group: `${group}`, types, ...(policy.maxAttempts ? { maxAttempts: policy.maxAttempts } : {}) },
        async (event) => {
          faults.beforeEvent?.(event, group);
          await handleOnce(store, group, event, (e, tx) => policy.handle(e, tx));
        },
      ),
    );
  }
  const stopBackground = definition.background?.(ctx);

  const instanceId = `${name}-${randomUUID().slice(0, 8)}`;
  await runtime.registry.register({ id: instanceId, system, service: name, url, ready: true });
  ready = true;
  logger.info({ url }, `${system}/${name} ready`);

  let stopping: Promise<void> | undefined;
  return {
    name,
    system,
    instanceId,
    url,
    port,
    app,
    faults,
    relay,
    stop() {
      stopping ??= (async () => {
        ready = false;
        await runtime.registry.deregister(instanceId);
        await stopBackground?.();
        await app.close();
        await Promise.all(subscriptions.map((s) => s.stop()));
        await relay.stop();
        for (const client of Object.values<ServiceClient>(clients)) client.close();
        logger.info(`${system}/${name} stopped`);
      })();
      return stopping;
    },
  };
}
