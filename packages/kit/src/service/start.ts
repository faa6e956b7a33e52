import { randomUUID } from 'node:crypto';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import { createServiceClient, type ServiceClient } from '../calls/index.ts';
import type { SettingSchemas } from '../config/config.ts';
import { openSettings, type ServiceSettings } from '../config/settings.ts';
import type { Subscription } from '../messaging/bus.ts';
import type { Envelope } from '../messaging/envelope.ts';
import { policyGroup, UnhandleableEvent } from '../messaging/events.ts';
import { handleOnce, startRelay } from '../messaging/index.ts';
import { kitMigrations } from '../messaging/kit-tables.ts';
import type { Logger } from '../observability/logger.ts';
import type { QueueSender } from '../queues/define.ts';
import { installQueueMetrics } from '../queues/metrics.ts';
import type { QueueConsumer } from '../queues/queues.ts';
import { queueSenders, relayingToQueues } from '../queues/send.ts';
import { startQueueWorkers } from '../queues/worker.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { recordSagaEvent, sagaGroup, sweepIntervalMs, sweepTimeouts } from '../sagas/keeper.ts';
import { type SagaTables, sagaMigrations } from '../sagas/store.ts';
import { migrate } from '../store/migrations.ts';
import { createStore } from '../store/store.ts';
import { registerAdminRoutes } from './admin.ts';
import { type ClientConfig, checkQueues, queuesSentTo, type ServiceContext, type ServiceDefinition } from './define.ts';
import { registerEndpoints } from './endpoint-routes.ts';
import { createHttpApp } from './http-app.ts';
import { installHttpMetrics } from './metrics.ts';
import { createTimers } from './timers.ts';
import { useVouchedIdentity } from './vouched-identity.ts';

export interface RunningService {
  readonly name: string;
  readonly system: string;
  readonly instanceId: string;
  readonly url: string;
  readonly port: number;
  readonly app: FastifyInstance;
  /** Pauses and resumes the outbox relay (tests simulating a crash before relay). */
  readonly relay: { pause(): void; resume(): void; flush(): Promise<void> };
  /** Graceful stop: leave the registry, finish in-flight requests and events, flush the outbox. */
  stop(): Promise<void>;
}

/**
 * Where a test or a drill may reach into a running service (`testing/faults.ts` builds them): before each
 * request, before each event handler. None in production: the service then has no such hook at all.
 */
export interface ServiceInterceptors {
  onRequest?: onRequestAsyncHookHandler;
  /** Throw to make the handler fail. */
  beforeEvent?(event: Envelope, group: string): void;
}

export interface StartOptions {
  port?: number;
  clock?: () => Date;
  interceptors?: ServiceInterceptors;
}

/**
 * Starts one service on a runtime: migrate → relay → started → HTTP → policies and queue workers → register (then
 * it is ready).
 */
export async function startService<DB, C extends string, S extends SettingSchemas, Q extends string = string>(
  definition: ServiceDefinition<DB, C, S, Q>,
  runtime: Runtime,
  options: StartOptions = {},
): Promise<RunningService> {
  const { system, name } = definition;
  // Refused before anything starts, whether or not the definition went through defineService.
  checkQueues(definition);
  const workers = definition.queues ?? {};
  const worked = Object.keys(workers);
  const sentTo = queuesSentTo(definition);
  const logger = runtime.logger.child({ system, service: name });
  const database = await runtime.database(system, name);
  await migrate(database, kitMigrations, 'mosaic_kit_migration');
  await migrate(database, definition.migrations);
  const sagas = definition.sagas ?? [];
  if (sagas.length > 0) await migrate(database, sagaMigrations, 'mosaic_saga_migration');
  const bus = await runtime.bus(system);
  const keys = await runtime.systemKeys(system);
  const settings = await settingsOf(definition, runtime, logger);
  const openQueues = () => runtime.queues(system);
  const queues = worked.length > 0 ? await openQueues() : undefined;
  // Queue messages sent with a transaction ride the outbox; the relay hands them to the queues.
  const relay = startRelay({ database, bus: sentTo.length > 0 ? relayingToQueues(bus, openQueues) : bus, logger });
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
  // The saga table is the kit's, in the owner's database beside the service's own tables.
  const sagaDb = store.db as unknown as Kysely<SagaTables>;
  const timers = createTimers(logger);
  const ctx: ServiceContext<DB, C, S, Q> = {
    system,
    name,
    store,
    clients,
    settings,
    queues: queueSenders(sentTo, openQueues) as Record<Q, QueueSender>,
    logger,
    clock: options.clock ?? (() => new Date()),
    every: timers.every,
  };
  const closeClients = () => {
    for (const client of Object.values<ServiceClient>(clients)) client.close();
  };

  const { interceptors = {} } = options;
  const app = createHttpApp({ logger, ...(definition.errorBody ? { errorBody: definition.errorBody } : {}) });
  if (interceptors.onRequest) app.addHook('onRequest', interceptors.onRequest);
  useVouchedIdentity(app, keys.vouches);
  let ready = false;
  app.get('/livez', { logLevel: 'warn' }, async () => ({ status: 'live' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) =>
    ready ? { status: 'ready' } : reply.code(503).send({ status: 'starting' }),
  );
  const metrics = installHttpMetrics(app, { system, service: name });
  if (queues) installQueueMetrics(metrics, worked, queues);
  const policies = Object.entries(definition.policies ?? {});
  const groups = [
    ...policies.map(([policyName, policy]) => policyGroup(name, policyName, policy)),
    ...sagas.map(({ saga }) => sagaGroup(name, saga)),
  ];
  registerAdminRoutes(app, {
    system,
    operators: keys.operators,
    bus,
    store,
    groups,
    views: definition.views ?? {},
    sagas: sagas.map((s) => s.saga),
    ...(queues
      ? {
          queues: {
            port: queues,
            specs: worked.map((q) => ({
              name: q,
              visibilityTimeoutMs: workers[q]!.visibilityTimeoutMs,
              maxReceives: workers[q]!.maxReceives,
            })),
          },
        }
      : {}),
  });
  try {
    await definition.started?.(ctx);
    for (const keeping of sagas) {
      const interval = sweepIntervalMs(keeping.saga);
      if (interval && keeping.timedOut) {
        ctx.every(interval, `${keeping.saga.name} saga timeouts`, () => sweepTimeouts(sagaDb, keeping, ctx));
      }
    }
    await app.register(async (scoped) => registerEndpoints(scoped, definition.endpoints, ctx));
    await app.listen({ port: options.port ?? 0, host: runtime.host });
  } catch (error) {
    // A failed bootstrap, a taken port or a broken route: nothing started above may outlive the failed start.
    await timers.stop();
    await relay.stop();
    closeClients();
    settings.close();
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
          interceptors.beforeEvent?.(event, group);
          const problem = policy.check(event);
          if (problem) throw new UnhandleableEvent(`${event.type} does not match its schema: ${problem}`);
          await handleOnce(store, group, event, (e, tx) => policy.handle(e, tx, ctx));
        },
      ),
    );
  }
  for (const { saga } of sagas) {
    const group = sagaGroup(name, saga);
    subscriptions.push(
      await bus.subscribe({ group, types: saga.events }, async (event) => {
        interceptors.beforeEvent?.(event, group);
        await recordSagaEvent(sagaDb, saga, event, ctx.clock());
      }),
    );
  }

  let queueConsumers: QueueConsumer[] = [];
  if (queues) {
    try {
      queueConsumers = await startQueueWorkers(`${system}/${name}`, workers, queues, ctx, logger);
    } catch (error) {
      await Promise.all(subscriptions.map((s) => s.stop()));
      await app.close();
      await timers.stop();
      await relay.stop();
      closeClients();
      settings.close();
      throw error;
    }
  }

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
    relay,
    stop() {
      stopping ??= (async () => {
        ready = false;
        await runtime.registry.deregister(instanceId);
        await timers.stop();
        await app.close();
        await Promise.all(subscriptions.map((s) => s.stop()));
        await Promise.all(queueConsumers.map((c) => c.stop()));
        await definition.stopped?.(ctx);
        await relay.stop();
        closeClients();
        settings.close();
        logger.info(`${system}/${name} stopped`);
      })();
      return stopping;
    },
  };
}

/** The service's settings, followed while it runs; a service that declares none never touches the config store. */
async function settingsOf<S extends SettingSchemas>(
  definition: { system: string; name: string; settings?: S | undefined },
  runtime: Runtime,
  logger: Logger,
): Promise<ServiceSettings<S>> {
  const { system, name, settings: schemas = {} as S } = definition;
  if (Object.keys(schemas).length === 0) {
    const none = (key: string): never => {
      throw new Error(`${system}/${name} declares no setting ${key}`);
    };
    return { get: none, list: () => [], set: async (key) => none(key), close: () => {} };
  }
  const store = await runtime.configStore(system);
  return openSettings({ system, service: name, schemas, store, cipher: runtime.configCipher(), logger });
}
