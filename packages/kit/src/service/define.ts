import type { ServiceClient } from '../calls/index.ts';
import type { SettingSchemas, Settings } from '../config/config.ts';
import { checkSettingSchemas } from '../config/settings.ts';
import type { ErrorBody } from '../http/catalog.ts';
import type { Policy } from '../messaging/events.ts';
import type { Logger } from '../observability/logger.ts';
import { checkQueueWorker, type QueueSender, type QueueWorker } from '../queues/define.ts';
import type { SagaKeeping } from '../sagas/keeper.ts';
import type { Migrations } from '../store/migrations.ts';
import type { Store, Tx } from '../store/store.ts';
import type { Endpoint } from './endpoint.ts';
import type { OwnOutbox } from './own-outboxes.ts';

/**
 * What a service's code is handed: its own store, its clients, its settings, a logger, a clock and its timers.
 * Nothing else. `S` types `settings.get` (`ServiceContext<Tables, never, typeof settings>`); without it a value
 * reads as unknown. `Q` names the queues it may send to (`ServiceContext<Tables, never, typeof settings, 'restock'>`).
 */
export interface ServiceContext<
  DB,
  C extends string = never,
  S extends SettingSchemas = SettingSchemas,
  Q extends string = string,
> {
  readonly system: string;
  readonly name: string;
  readonly store: Store<DB>;
  readonly clients: Readonly<Record<C, ServiceClient>>;
  /** The current value of each declared setting (`mosaic config set` changes it while the service runs). */
  readonly settings: Settings<S>;
  /** A sender for each queue the service works (`queues`) or sends to (`sendsTo`): `ctx.queues.restock.send(body)`. */
  readonly queues: Readonly<Record<Q, QueueSender>>;
  readonly logger: Logger;
  readonly clock: () => Date;
  /**
   * Runs `task` now and then every `intervalMs` until the service stops (the kit stops it); a failure is logged
   * and the next round runs as planned. For sweepers and other housekeeping started in `started`.
   */
  every(intervalMs: number, name: string, task: () => Promise<unknown>): void;
}

export interface ClientConfig {
  /** The service to call; default: the client's name. */
  service?: string;
  timeoutMs?: number;
  breaker?: { failures: number; halfOpenAfterMs: number };
  retry?: { attempts: number; backoffMs?: number };
}

/** A read model this service can rebuild from the log: its consumer group and how to clear it. */
export interface ViewDefinition<DB> {
  group: string;
  clear(tx: Tx<DB>): Promise<void>;
}

/**
 * A service, as one object that reads like its table of contents: what it stores, what it answers, what it
 * listens to, whom it calls, and what it does when it starts and stops. The runtime decides the adapters.
 */
export interface ServiceDefinition<
  DB,
  C extends string = never,
  S extends SettingSchemas = SettingSchemas,
  Q extends string = string,
> {
  name: string;
  system: string;
  /**
   * Which engine the service's database prefers in the distributed runtime (default `postgres`); an
   * operator may point it elsewhere with MOSAIC_STORAGE_<SYSTEM>_<SERVICE>. Embedded always uses PGlite.
   */
  storage?: 'postgres' | 'mysql';
  migrations: Migrations;
  /**
   * Settings an operator may change at run time, each a TypeBox schema with its `default`:
   * `{ 'address.limit': Type.Integer({ minimum: 1, default: 3 }) }`. Read with `ctx.settings.get(key)`.
   */
  settings?: S;
  /** Each endpoint declared once (`endpointsOf`): the service's routes and, unless internal, the gateway's. */
  endpoints: readonly Endpoint<ServiceContext<DB, C, S, Q>>[];
  /** Inbound events (`on(events, {...})`), by policy name. */
  policies?: Readonly<Record<string, Policy<DB, ServiceContext<DB, C, S, Q>>>>;
  /**
   * The work queues this service works, by name: `{ restock: { visibilityTimeoutMs, maxReceives, concurrency,
   * handlerTimeoutMs, handle(message, ctx, lease) } }`. A visibility timeout not longer than the handler's deadline
   * is refused (unless `heartbeat`).
   */
  queues?: Readonly<Record<string, QueueWorker<ServiceContext<DB, C, S, Q>>>>;
  /** Queues of other services of the system this service sends to (`ctx.queues.<name>.send`). */
  sendsTo?: readonly string[];
  views?: Readonly<Record<string, ViewDefinition<DB>>>;
  /** Outboxes of the service's own (e.g. texts to send), by name: operators read them at `/admin/outboxes/:name`. */
  outboxes?: Readonly<Record<string, OwnOutbox<DB>>>;
  clients?: Readonly<Record<C, ClientConfig>>;
  /** The sagas this service starts and keeps the record of (`keeps(orderSaga, { timedOut })`). */
  sagas?: readonly SagaKeeping<ServiceContext<DB, C, S, Q>>[];
  /** How this service's errors read (the seed's envelope); default RFC 9457 problem details. */
  errorBody?: ErrorBody;
  /**
   * After migrations, before the service listens and registers as ready: bootstrap (a signing key, a first
   * account) and housekeeping started with `ctx.every`.
   */
  started?(ctx: ServiceContext<DB, C, S, Q>): Promise<void> | void;
  /** After the service has left the registry and finished its requests, before its store closes. */
  stopped?(ctx: ServiceContext<DB, C, S, Q>): Promise<void> | void;
}

/** A service of any store and clients, as a system lists it. */
// biome-ignore lint/suspicious/noExplicitAny: a system lists services of different stores, and Kysely<DB> is invariant, so no other type admits them all; each service is checked against its own store where it is declared.
export type AnyService = ServiceDefinition<any, string>;

/** Declares a service. Wiring only: the runtime decides which adapters it gets. */
export function defineService<
  DB,
  C extends string = never,
  S extends SettingSchemas = SettingSchemas,
  Q extends string = string,
>(definition: ServiceDefinition<DB, C, S, Q>): ServiceDefinition<DB, C, S, Q> {
  const owner = `${definition.system}/${definition.name}`;
  if (definition.settings) checkSettingSchemas(owner, definition.settings);
  checkQueues(definition);
  const seen = new Set<string>();
  for (const endpoint of definition.endpoints) {
    const key = `${endpoint.method} ${endpoint.path}`;
    if (seen.has(key)) throw new Error(`${definition.system}/${definition.name} declares ${key} twice`);
    seen.add(key);
  }
  return definition;
}

/** The queues a service works are sound (see checkQueueWorker); the ones it sends to are named properly. */
export function checkQueues(definition: {
  system: string;
  name: string;
  queues?: Readonly<Record<string, QueueWorker<never>>> | undefined;
  sendsTo?: readonly string[] | undefined;
}): void {
  const owner = `${definition.system}/${definition.name}`;
  for (const [name, worker] of Object.entries(definition.queues ?? {})) checkQueueWorker(owner, name, worker);
  for (const name of definition.sendsTo ?? []) {
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(name)) {
      throw new Error(
        `${owner} sends to queue ${JSON.stringify(name)}: a queue name is lowercase letters, digits, dashes`,
      );
    }
  }
}

/** Every queue the service may send to: those it works and those it names in `sendsTo`. */
export function queuesSentTo(definition: { queues?: object | undefined; sendsTo?: readonly string[] | undefined }) {
  return [...new Set([...Object.keys(definition.queues ?? {}), ...(definition.sendsTo ?? [])])];
}
