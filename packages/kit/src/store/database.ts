import type { Kysely } from 'kysely';

// The Store port's engine types; the adapters that hand these out live in pglite/, postgres/ and mysql/.

export type Dialect = 'postgres' | 'mysql';

/**
 * One service's own database: on PGlite a schema of the system's database, on a server engine a database
 * of its own (distributed runtime). The Kysely instance is already scoped, so services never name it.
 */
export interface ServiceDatabase {
  readonly dialect: Dialect;
  /** The tables are the service's, not the engine's to know: each reader casts it to its own `Kysely<Tables>`. */
  readonly db: Kysely<unknown>;
  /** The schema the service's tables live in, when the engine scopes by schema. */
  readonly schema?: string;
  /**
   * The engine instance it lives in, when several services share one (PGlite: the system's database). Two
   * databases with the same `engine` can be written in one statement, e.g. the outbox moved into the event log.
   */
  readonly engine?: object;
}

/** An engine connection that hands out service databases. */
export interface DatabaseEngine {
  readonly dialect: Dialect;
  forService(service: string): Promise<ServiceDatabase>;
  close(): Promise<void>;
}
