import { randomUUID } from 'node:crypto';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import { createServiceClient, type ServiceClient } from '../calls/index.ts';
import type { SettingSchemas } from '../config/config.ts';
import { openSettings, type ServiceSettings } from '../config/settings.ts';
import { settingsOf as groupSettingsOf, type SubscribeOptions, type Subscription } from '../messaging/bus.ts';
import type { Envelope } from '../messaging/envelope.ts';
import { policyGroup, UnhandleableEvent } from '../messaging/events.ts';
import { handleOnce, startRelay } from '../messaging/index.ts';
import { kitMigrations } from '../messaging/kit-tables.ts';
import { installMessagingMetrics } from '../messaging/metrics.ts';
import type { Logger } from '../observability/logger.ts';
import { eventAttributes, inConsumerSpan } from '../observability/message-spans.ts';
import { flushSpans, releaseTracer, tracerFor } from '../observability/tracing.ts';
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
  const instanceId = `${name}-${randomUUID().slice(0, 8)}`;
  const traceIdentity = { system, service: name, instance: instanceId };
  const tracer = tracerFor(traceIdentity);
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
  // Queue messages sent with a transaction ride the outbox; the relay hands them to the queues. A service that
  // sends none, on the embedded bus, has its outbox moved into the log in one statement.
  const relayed =
    sentTo.length > 0 ? { bus: relayingToQueues(bus, openQueues) } : { bus, mover: bus.outboxMover?.(database) };
  const relay = startRelay({
    database,
    bus: relayed.bus,
    logger,
    tracer,
    ...(relayed.mover ? { mover: relayed.mover } : {}),
  });
  const store = createStore<DB>(database, {
    source: `${system}/${name}`,
    onCommitWithEvents: () => relay.nudge(),
    tracer,
  });

  const configs = (definition.clients ?? {}) as Record<C, ClientConfig>;
  const clients = {} as Record<C, ServiceClient>;
  for (const clientName of Object.keys(configs) as C[]) {
    const { service, ...policy } = configs[clientName];
    clients[clientName] = createServiceClient({
      registry: runtime.registry,
      system,
      service: service ?? clientName,
      logger,
      tracer,
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
    queues: queueSenders(sentTo, openQueues, tracer) as Record<Q, QueueSender>,
    logger,
    clock: options.clock ?? (() => new Date()),
    every: timers.every,
  };
  const closeClients = () => {
    for (const client of Object.values<ServiceClient>(clients)) client.close();
  };

  const { interceptors = {} } = options;
  const app = createHttpApp({ logger, tracer, ...(definition.errorBody ? { errorBody: definition.errorBody } : {}) });
  if (interceptors.onRequest) app.addHook('onRequest', interceptors.onRequest);
  useVouchedIdentity(app, keys.vouches);
  let ready = false;
  // When it started and what it runs: what the ops console shows of each instance.
  const livez = { status: 'live', startedAt: new Date().toISOString(), version: kitVersion() };
  app.get('/livez', { logLevel: 'warn' }, async () => livez);
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
  const consumers = installMessagingMetrics(metrics, { groups, bus, database, logger });
  registerAdminRoutes(app, {
    system,
    operators: keys.operators,
    bus,
    store,
    groups,
    views: definition.views ?? {},
    sagas: sagas.map((s) => s.saga),
    ...(definition.outboxes ? { outboxes: definition.outboxes } : {}),
    clients,
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
  /** Joins a group: each delivery counted by outcome, and handled in a consumer span of the event's trace. */
  const join = async (
    options: SubscribeOptions,
    handle: (event: Envelope) => Promise<'handled' | 'duplicate'>,
  ): Promise<void> => {
    const { group } = options;
    const counted = consumers.counted(group, groupSettingsOf(options).maxAttempts, (event) => {
      interceptors.beforeEvent?.(event, group);
      return inConsumerSpan(tracer, `${group} ${event.type}`, event.traceparent, eventAttributes(group, event), () =>
        handle(event),
      );
    });
    subscriptions.push(await bus.subscribe(options, counted));
  };
  for (const [policyName, policy] of policies) {
    const group = policyGroup(name, policyName, policy);
    const types = typeof policy.on === 'string' ? [policy.on] : policy.on;
    await join({ group, types, ...(policy.maxAttempts ? { maxAttempts: policy.maxAttempts } : {}) }, async (event) => {
      const problem = policy.check(event);
      if (problem) throw new UnhandleableEvent(`${event.type} does not match its schema: ${problem}`);
      return handleOnce(store, group, event, (e, tx) => policy.handle(e, tx, ctx));
    });
  }
  for (const { saga } of sagas) {
    await join({ group: sagaGroup(name, saga), types: saga.events }, async (event) => {
      await recordSagaEvent(sagaDb, saga, event, ctx.clock());
      return 'handled';
    });
  }

  let queueConsumers: QueueConsumer[] = [];
  if (queues) {
    try {
      queueConsumers = await startQueueWorkers(`${system}/${name}`, workers, queues, ctx, logger, tracer);
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
        releaseTracer(traceIdentity);
        await flushSpans();
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

/** MOSAIC_VERSION (a build's tag), else the version npm ran the package at, else `dev`. */
function kitVersion(): string {
  return process.env.MOSAIC_VERSION ?? process.env.npm_package_version ?? 'dev';
}
