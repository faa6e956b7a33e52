// Test support (not exported): what every Store adapter must do, run by store/pglite/, store/postgres/ and store/mysql/
// (their *.contract.test.ts).
import type { Generated, Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleOnce } from '../../messaging/inbox.ts';
import { type KitTables, kitMigrations } from '../../messaging/kit-tables.ts';
import { autoId } from '../../store/columns.ts';
import type { DatabaseEngine, ServiceDatabase } from '../../store/database.ts';
import { isUniqueViolation } from '../../store/errors.ts';
import { insertWithId } from '../../store/insert.ts';
import { type Migrations, migrate } from '../../store/migrations.ts';
import { createStore } from '../../store/store.ts';
import { anEvent } from '../support/events.ts';

/** What a store contract run needs: an engine on fresh, private data, and a way to throw that data away. */
export interface StoreTarget {
  engine: DatabaseEngine;
  /** A second engine on the same data, as another process would open it (absent for in-process engines). */
  another?(): Promise<DatabaseEngine>;
  /** Closes every engine opened and deletes the data. */
  close(): Promise<void>;
}

export interface StoreContractOptions {
  /** Service migrations that must run unchanged on this engine, by service name (e.g. fishdelivery's). */
  serviceMigrations?: Readonly<Record<string, Migrations>>;
}

interface ThingTables extends KitTables {
  things: { thing_id: Generated<number>; name: string; code: string; qty: number; fresh: boolean | null };
}

const thingMigrations: Migrations = {
  '001_things': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('things')
        .addColumn('thing_id', 'integer', autoId(db))
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('code', 'varchar(20)', (c) => c.notNull().unique())
        .addColumn('qty', 'integer', (c) => c.notNull())
        .addColumn('fresh', 'boolean')
        .execute();
      await db.schema.createIndex('things_name').on('things').columns(['name', 'qty']).execute();
    },
  },
};

/**
 * One suite for every `DatabaseEngine` adapter (PGlite, PostgreSQL, MySQL/MariaDB): what services and the
 * kit rely on, whichever engine the runtime picked. Each test gets a fresh target from `open`.
 */
export function storeContract(name: string, open: () => Promise<StoreTarget>, options: StoreContractOptions = {}) {
  describe(`store contract: ${name}`, () => {
    let target: StoreTarget;
    let services = 0;

    beforeEach(async () => {
      target = await open();
    });
    afterEach(async () => {
      await target.close();
    });

    /** A fresh service database with the kit tables and `things`. */
    async function aService(): Promise<ServiceDatabase> {
      const database = await target.engine.forService(`svc_${++services}`);
      await migrate(database, kitMigrations, 'mosaic_kit_migration');
      await migrate(database, thingMigrations);
      return database;
    }

    const things = (database: ServiceDatabase) => database.db as Kysely<ThingTables>;

    async function tableNames(database: ServiceDatabase): Promise<string[]> {
      // PGlite keeps every service in one database (a schema each): look at this service's schema only.
      const tables = await database.db.introspection.getTables({ withInternalKyselyTables: true });
      return tables
        .filter((table) => !database.schema || table.schema === database.schema)
        .map((table) => table.name)
        .sort();
    }

    it('gives each service a database of its own, the same one on every call', async () => {
      const a = await aService();
      const b = await aService();
      await things(a).insertInto('things').values({ name: 'cod', code: 'c1', qty: 1 }).execute();
      const again = await target.engine.forService(`svc_${services - 1}`);
      expect(await things(again).selectFrom('things').select('code').execute()).toEqual([{ code: 'c1' }]);
      expect(await things(b).selectFrom('things').select('code').execute()).toEqual([]);
      expect(a.dialect).toBe(target.engine.dialect);
    });

    it('runs the kit migrations and every service migration, and again as a no-op', async () => {
      const all = { things: thingMigrations, ...options.serviceMigrations };
      for (const [service, migrations] of Object.entries(all)) {
        const database = await target.engine.forService(`m_${service}`);
        await migrate(database, kitMigrations, 'mosaic_kit_migration');
        await migrate(database, migrations);
        const before = await tableNames(database);
        await migrate(database, kitMigrations, 'mosaic_kit_migration');
        await migrate(database, migrations);
        expect(await tableNames(database)).toEqual(before);
        expect(before).toEqual(expect.arrayContaining(['mosaic_inbox', 'mosaic_outbox']));
        expect(before.length).toBeGreaterThan(2 + 4); // kit tables, two histories with their locks, the service's own
      }
    });

    it('lets two processes create and migrate the same service at once', async () => {
      if (!target.another) return; // one process owns an in-process engine
      const other = await target.another();
      const both = await Promise.all(
        [target.engine, other].map(async (engine) => {
          const database = await engine.forService('raced');
          await migrate(database, kitMigrations, 'mosaic_kit_migration');
          await migrate(database, thingMigrations);
          return database;
        }),
      );
      await things(both[0]!).insertInto('things').values({ name: 'eel', code: 'e1', qty: 2 }).execute();
      expect(await things(both[1]!).selectFrom('things').select('code').execute()).toEqual([{ code: 'e1' }]);
    });

    it('commits state and outbox rows together, and a rollback leaves neither', async () => {
      const database = await aService();
      let commits = 0;
      const store = createStore<ThingTables>(database, { source: 'test/store', onCommitWithEvents: () => commits++ });
      const published = await store.transaction(async (tx) => {
        await tx.db.insertInto('things').values({ name: 'cod', code: 'c1', qty: 1 }).execute();
        return tx.publish({ type: 'ThingMade', subject: 'c1', data: { qty: 1 } });
      });
      await expect(
        store.transaction(async (tx) => {
          await tx.db.insertInto('things').values({ name: 'eel', code: 'e1', qty: 1 }).execute();
          await tx.publish({ type: 'ThingMade', subject: 'e1', data: { qty: 1 } });
          throw new Error('use case refused');
        }),
      ).rejects.toThrow('use case refused');
      expect(commits).toBe(1);
      expect(await store.db.selectFrom('things').select('code').execute()).toEqual([{ code: 'c1' }]);
      const outbox = await store.db.selectFrom('mosaic_outbox').select(['id', 'envelope']).execute();
      expect(outbox.map((row) => row.id)).toEqual([published.id]);
      expect(JSON.parse(outbox[0]!.envelope)).toEqual(published);
    });

    it('returns generated ids from insertWithId, in insert order, as numbers', async () => {
      const database = await aService();
      const ids: number[] = [];
      for (const code of ['a', 'b', 'c']) {
        ids.push(await insertWithId(things(database), 'things', { name: 'pike', code, qty: 3 }, 'thing_id'));
      }
      expect(ids.every((id) => typeof id === 'number')).toBe(true);
      expect(ids[1]!).toBeGreaterThan(ids[0]!);
      expect(ids[2]!).toBeGreaterThan(ids[1]!);
      const row = await things(database)
        .selectFrom('things')
        .select(['code', 'qty'])
        .where('thing_id', '=', ids[1]!)
        .executeTakeFirst();
      expect(row).toEqual({ code: 'b', qty: 3 });
      const counted = await things(database)
        .selectFrom('things')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(counted.n).toBe(3);
    });

    it('recognises a duplicate key with isUniqueViolation, and nothing else', async () => {
      const database = await aService();
      await things(database).insertInto('things').values({ name: 'cod', code: 'c1', qty: 1 }).execute();
      const duplicate = await things(database)
        .insertInto('things')
        .values({ name: 'cod again', code: 'c1', qty: 1 })
        .execute()
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(duplicate).toBeDefined();
      expect(isUniqueViolation(duplicate)).toBe(true);
      const missingTable = await (database.db as Kysely<{ no_such_table: { id: number } }>)
        .selectFrom('no_such_table')
        .selectAll()
        .execute()
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(missingTable).toBeDefined();
      expect(isUniqueViolation(missingTable)).toBe(false);
    });

    it('reads booleans back as booleans', async () => {
      const database = await aService();
      await things(database)
        .insertInto('things')
        .values([
          { name: 'cod', code: 'c1', qty: 1, fresh: true },
          { name: 'eel', code: 'e1', qty: 1, fresh: false },
          { name: 'pike', code: 'p1', qty: 1, fresh: null },
        ])
        .execute();
      const rows = await things(database).selectFrom('things').select(['code', 'fresh']).orderBy('code').execute();
      expect(rows).toEqual([
        { code: 'c1', fresh: true },
        { code: 'e1', fresh: false },
        { code: 'p1', fresh: null },
      ]);
      const onlyFresh = await things(database).selectFrom('things').select('code').where('fresh', '=', true).execute();
      expect(onlyFresh).toEqual([{ code: 'c1' }]);
    });

    it('compares strings exactly, as PostgreSQL does', async () => {
      const database = await aService();
      await things(database)
        .insertInto('things')
        .values([
          { name: 'PAID', code: 'x', qty: 1 },
          { name: 'paid', code: 'X', qty: 1 },
        ])
        .execute();
      const rows = await things(database).selectFrom('things').select('code').where('name', '=', 'paid').execute();
      expect(rows).toEqual([{ code: 'X' }]);
    });

    it('handles a redelivered event once per group with handleOnce', async () => {
      const database = await aService();
      const store = createStore<ThingTables>(database, { source: 'test/store' });
      const event = anEvent('ThingOrdered', 'c1');
      const make = async (_e: unknown, tx: { db: Kysely<ThingTables> }) => {
        await tx.db
          .insertInto('things')
          .values({ name: 'cod', code: `c${Math.random()}`.slice(0, 20), qty: 1 })
          .execute();
      };
      expect(await handleOnce(store, 'g', event, make)).toBe('handled');
      expect(await handleOnce(store, 'g', event, make)).toBe('duplicate');
      expect(await handleOnce(store, 'other', event, make)).toBe('handled');
      const rows = await store.db.selectFrom('things').select('code').execute();
      expect(rows).toHaveLength(2);
    });

    it('lets exactly one of two concurrent deliveries of an event through handleOnce', async () => {
      const database = await aService();
      const store = createStore<ThingTables>(database, { source: 'test/store' });
      await store.db.insertInto('things').values({ name: 'counter', code: 'n', qty: 0 }).execute();
      const event = anEvent('ThingOrdered', 'n');
      const outcomes = await Promise.all(
        [1, 2].map(() =>
          handleOnce(store, 'g', event, async (_e, tx) => {
            await new Promise((resolve) => setTimeout(resolve, 50));
            await tx.db
              .updateTable('things')
              .set((eb) => ({ qty: eb('qty', '+', 1) }))
              .where('code', '=', 'n')
              .execute();
          }),
        ),
      );
      expect(outcomes.sort()).toEqual(['duplicate', 'handled']);
      const row = await store.db.selectFrom('things').select('qty').where('code', '=', 'n').executeTakeFirstOrThrow();
      expect(row.qty).toBe(1);
    });

    it('rolls the inbox row back with a failing handler, so the retry runs', async () => {
      const database = await aService();
      const store = createStore<ThingTables>(database, { source: 'test/store' });
      const event = anEvent('ThingOrdered', 'c1');
      await expect(
        handleOnce(store, 'g', event, async (_e, tx) => {
          await tx.db.insertInto('things').values({ name: 'cod', code: 'c1', qty: 1 }).execute();
          throw new Error('stock lookup failed');
        }),
      ).rejects.toThrow('stock lookup failed');
      expect(await store.db.selectFrom('mosaic_inbox').selectAll().execute()).toEqual([]);
      expect(await store.db.selectFrom('things').selectAll().execute()).toEqual([]);
      expect(
        await handleOnce(store, 'g', event, async (_e, tx) => {
          await tx.db.insertInto('things').values({ name: 'cod', code: 'c1', qty: 1 }).execute();
        }),
      ).toBe('handled');
      expect(await store.db.selectFrom('things').select('code').execute()).toEqual([{ code: 'c1' }]);
    });
  });
}
