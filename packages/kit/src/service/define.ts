import type { FastifyInstance } from 'fastify';
import type { ServiceClient } from '../calls/index.ts';
import type { Envelope } from '../messaging/envelope.ts';
import type { Logger } from '../observability/logger.ts';
import type { Migrations } from '../store/migrations.ts';
import type { Store, Tx } from '../store/store.ts';

/** What a service's code is handed: its own store, its clients, a logger and a clock. Nothing else. */
export interface ServiceContext<DB, C extends string = never> {
  readonly system: string;
  readonly name: string;
  readonly store: Store<DB>;
  readonly clients: Readonly<Record<C, ServiceClient>>;
  readonly logger: Logger;
  readonly clock: () => Date;
}

/** "Whenever <event> then …": an inbound event adapter. Runs in a transaction with the inbox check. */
export interface Policy<DB> {
  on: string | readonly string[];
  /** The durable consumer group; default `<service>.<policy name>`. */
  group?: string;
  maxAttempts?: number;
  handle(event: Envelope, tx: Tx<DB>): Promise<void>;
}

export interface ClientConfig {
  /** The service to call; default: the client's name. */
  service?: string;
  timeoutMs?: number;
  breaker?: { failures: number; halfOpenAfterMs: number };
  retry?: { attempts: number; backoffMs?: number };
}

export interface ServiceDefinition<DB = any, C extends string = string> {
  name: string;
  system: string;
  /**
   * Which engine the service's database prefers in the distributed runtime (default `postgres`); an
   * operator may point it elsewhere with MOSAIC_STORAGE_<SYSTEM>_<SERVICE>. Embedded always uses PGlite.
   */
  storage?: 'postgres' | 'mysql';
  migrations: Migrations;
  clients?: Readonly<Record<C, ClientConfig>>;
  /** Registers the inbound REST routes (a Fastify plugin body). */
  routes(app: FastifyInstance, ctx: ServiceContext<DB, C>): void | Promise<void>;
  policies?(ctx: ServiceContext<DB, C>): Readonly<Record<string, Policy<DB>>>;
  /** Background work started after the service is ready; the returned function stops it. */
  background?(ctx: ServiceContext<DB, C>): (() => Promise<void>) | undefined;
  /** Read models this service can rebuild from the log: view name → its consumer group and how to clear it. */
  views?: Readonly<Record<string, { group: string; clear(tx: Tx<DB>): Promise<void> }>>;
}

/** Declares a service. Wiring only: the runtime decides which adapters it gets. */
export function defineService<DB, C extends string = never>(definition: ServiceDefinition<DB, C>) {
  return definition;
}

export function policyGroup(service: string, policyName: string, policy: { group?: string }): string {
  return policy.group ?? `${service}.${policyName}`;
}
