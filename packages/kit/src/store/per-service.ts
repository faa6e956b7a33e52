import type { Kysely } from 'kysely';
import type { DatabaseEngine, Dialect, ServiceDatabase } from './database.ts';

/**
 * What every server engine shares: each service's database is opened once (concurrent callers share the
 * opening; a failed one is forgotten so the next call tries again), and close destroys every pool once.
 */
export function databasePerService(options: {
  dialect: Dialect;
  /** Names the engine in errors, e.g. `PostgreSQL`. */
  engine: string;
  /** Creates the service's database if needed and opens a Kysely on it. */
  open(service: string): Promise<Kysely<unknown>>;
  /** Runs after every service pool is destroyed (e.g. ends an admin pool). */
  onClose?(): Promise<void>;
}): DatabaseEngine {
  const services = new Map<string, Promise<ServiceDatabase>>();
  const opened: Kysely<unknown>[] = [];
  let closed = false;
  return {
    dialect: options.dialect,
    forService(service) {
      if (closed) return Promise.reject(new Error(`the ${options.engine} engine is closed: cannot open ${service}`));
      let database = services.get(service);
      if (!database) {
        database = options.open(service).then((db) => {
          opened.push(db);
          return { dialect: options.dialect, db };
        });
        services.set(service, database);
        database.catch(() => services.delete(service));
      }
      return database;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled(services.values());
      await Promise.all(opened.map((db) => db.destroy()));
      await options.onClose?.();
    },
  };
}
