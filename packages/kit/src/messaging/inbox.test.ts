import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  type QueryResult,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentWork } from '../observability/context.ts';
import { eventAttributes, inConsumerSpan } from '../observability/message-spans.ts';
import { traceIdOf, tracerFor } from '../observability/tracing.ts';
import type { DatabaseEngine, ServiceDatabase } from '../store/database.ts';
import { migrate } from '../store/migrations.ts';
import { openPGlite } from '../store/pglite/pglite.ts';
import { createStore, type Store, type Tx } from '../store/store.ts';
import { anEvent } from '../testing/support/events.ts';
import type { Envelope } from './envelope.ts';
import { handleOnce } from './inbox.ts';
import { type KitTables, kitMigrations } from './kit-tables.ts';

interface CounterDb {
  counter: { name: string; value: number };
}

/** The kit's own tables, read back to see what handleOnce left behind. */
const kitTables = (database: ServiceDatabase) => database.db as Kysely<KitTables>;

let engine: DatabaseEngine;
let services = 0;

beforeAll(async () => {
  engine = await openPGlite();
});
afterAll(async () => {
  await engine.close();
});

async function aService(): Promise<{ database: ServiceDatabase; store: Store<CounterDb> }> {
  const database = await engine.forService(`inbox_${++services}`);
  await migrate(database, kitMigrations, 'mosaic_kit_migration');
  await database.db.schema
    .createTable('counter')
    .addColumn('name', 'varchar(50)', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  await (database.db as Kysely<CounterDb>).insertInto('counter').values({ name: 'paid', value: 0 }).execute();
  return { database, store: createStore<CounterDb>(database, { source: 'test/inbox' }) };
}

const bump = async (_event: Envelope, tx: Tx<CounterDb>) => {
  await tx.db
    .updateTable('counter')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', 'paid')
    .execute();
};

async function paid(store: Store<CounterDb>): Promise<number> {
  const row = await store.db.selectFrom('counter').select('value').where('name', '=', 'paid').executeTakeFirstOrThrow();
  return row.value;
}

describe('handleOnce', () => {
  it('skips a duplicate delivery, so the effect is applied once', async () => {
    const { store } = await aService();
    const event = anEvent('PayApproved', 'o1');
    expect(await handleOnce(store, 'order-mypage', event, bump)).toBe('handled');
    let ranAgain = false;
    const outcome = await handleOnce(store, 'order-mypage', event, async (e, tx) => {
      ranAgain = true;
      await bump(e, tx);
    });
    expect(outcome).toBe('duplicate');
    expect(ranAgain).toBe(false);
    expect(await paid(store)).toBe(1);
  });

  it('handles the same event once per group', async () => {
    const { store } = await aService();
    const event = anEvent('PayApproved', 'o1');
    expect(await handleOnce(store, 'group-a', event, bump)).toBe('handled');
    expect(await handleOnce(store, 'group-b', event, bump)).toBe('handled');
    expect(await paid(store)).toBe(2);
  });

  it('rolls the inbox row back with a throwing handler, so the retry runs', async () => {
    const { store, database } = await aService();
    const event = anEvent('PayApproved', 'o1');
    await expect(
      handleOnce(store, 'g', event, async (e, tx) => {
        await bump(e, tx);
        throw new Error('payment lookup failed');
      }),
    ).rejects.toThrow('payment lookup failed');
    expect(await paid(store)).toBe(0);
    const inbox = await kitTables(database).selectFrom('mosaic_inbox').selectAll().execute();
    expect(inbox).toEqual([]);
    expect(await handleOnce(store, 'g', event, bump)).toBe('handled');
    expect(await paid(store)).toBe(1);
  });

  it('runs the handler as the event’s own work; in a consumer span, its events carry the event’s trace on', async () => {
    const { store, database } = await aService();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const event = { ...anEvent('PayApproved', 'o1'), traceparent };
    let seen: ReturnType<typeof currentWork>;
    const tracer = tracerFor({ system: 'test', service: 'inbox' });
    await inConsumerSpan(tracer, 'g PayApproved', event.traceparent, eventAttributes('g', event), () =>
      handleOnce(store, 'g', event, async (_e, tx) => {
        seen = currentWork();
        await tx.publish({ type: 'OrderPaid', subject: 'o1', data: {} });
      }),
    );
    expect(seen!).toEqual({ requestId: event.id });
    const [row] = await kitTables(database).selectFrom('mosaic_outbox').select('envelope').execute();
    const carried = (JSON.parse(row!.envelope) as Envelope).traceparent;
    expect(traceIdOf(carried)).toBe('0af7651916cd43dd8448eb211c80319c');
    // The consumer span's own id, not the publisher's: the next handler is a grandchild of the publish.
    expect(carried?.slice(36, 52)).not.toBe('b7ad6b7169203331');
  });
});

describe('handleOnce on MySQL', () => {
  // No MySQL here: a driver that records the SQL and answers with the affected-row count MySQL would give.
  function mysqlStore(affectedRows: bigint) {
    const statements: string[] = [];
    const connection: DatabaseConnection = {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        statements.push(query.sql);
        return { rows: [], numAffectedRows: affectedRows };
      },
      // biome-ignore lint/correctness/useYield: never streamed
      async *streamQuery() {
        throw new Error('not used');
      },
    };
    const driver: Driver = {
      async init() {},
      async acquireConnection() {
        return connection;
      },
      async beginTransaction() {},
      async commitTransaction() {},
      async rollbackTransaction() {},
      async releaseConnection() {},
      async destroy() {},
    };
    const db = new Kysely<CounterDb>({
      dialect: {
        createAdapter: () => new MysqlAdapter(),
        createDriver: () => driver,
        createIntrospector: (k) => new MysqlIntrospector(k),
        createQueryCompiler: () => new MysqlQueryCompiler(),
      },
    });
    const store: Store<CounterDb> = {
      dialect: 'mysql',
      db,
      transaction: (work) => work({ db, publish: () => Promise.reject(new Error('not used')) }),
    };
    return { store, statements };
  }

  it('records with INSERT IGNORE and treats zero affected rows as a duplicate', async () => {
    const fresh = mysqlStore(1n);
    let ran = 0;
    const handle = async () => {
      ran++;
    };
    expect(await handleOnce(fresh.store, 'g', anEvent('PayApproved', 'o1'), handle)).toBe('handled');
    expect(fresh.statements[0]).toMatch(/^insert ignore into `mosaic_inbox`/);

    const duplicate = mysqlStore(0n);
    expect(await handleOnce(duplicate.store, 'g', anEvent('PayApproved', 'o1'), handle)).toBe('duplicate');
    expect(ran).toBe(1);
  });
});
