import type { Kysely } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import type { DatabaseEngine } from '../../store/database.ts';
import { type Migrations, migrate } from '../../store/migrations.ts';
import { dropMysqlDatabases, openMysql } from '../../store/mysql/mysql.ts';
import { dropPostgresDatabases, openPostgres } from '../../store/postgres/postgres.ts';
import { createStore } from '../../store/store.ts';
import { describeWithEngines, engineUrls, uniqueName } from '../../testing/engines.ts';
import { waitFor } from '../../testing/support/events.ts';
import type { Bus } from '../bus.ts';
import { handleOnce } from '../inbox.ts';
import { type KitTables, kitMigrations } from '../kit-tables.ts';
import { startRelay } from '../relay.ts';
import { createNatsBus } from './nats-bus.ts';
import { connectNats } from './nats-connection.ts';
import { removeNatsSystem } from './nats-stream.ts';

interface PaymentTables extends KitTables {
  payments: { order_id: string; amount: number };
}

const paymentMigrations: Migrations = {
  '001_payments': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('payments')
        .addColumn('order_id', 'varchar(50)', (c) => c.primaryKey())
        .addColumn('amount', 'integer', (c) => c.notNull())
        .execute();
    },
  },
};

await describeWithEngines(['postgres', 'mysql', 'nats'], 'distributed adapters together', () => {
  const urls = engineUrls();
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('carries events from a PostgreSQL outbox over NATS to two MariaDB replicas, each effect once', async () => {
    const prefix = `${uniqueName('mosaic_t')}_`;
    const system = uniqueName('flow');
    const postgres: DatabaseEngine = await openPostgres({ url: urls.postgres, prefix });
    const mysql: DatabaseEngine = await openMysql({ url: urls.mysql, prefix });
    const buses: Bus[] = [];
    cleanups.push(async () => {
      await postgres.close();
      await mysql.close();
      await dropPostgresDatabases({ url: urls.postgres, prefix });
      await dropMysqlDatabases({ url: urls.mysql, prefix });
      const nc = await connectNats({ servers: urls.nats });
      await removeNatsSystem(nc, system).finally(() => nc.close());
    });
    cleanups.push(async () => {
      for (const bus of buses) await bus.close();
    });
    const openBus = async () => {
      const bus = await createNatsBus({ servers: urls.nats, system, partitions: 8 });
      buses.push(bus);
      return bus;
    };

    // order: PostgreSQL, outbox, relay to NATS.
    const orderDb = await postgres.forService('order');
    await migrate(orderDb, kitMigrations, 'mosaic_kit_migration');
    const orderBus = await openBus();
    const relay = startRelay({ database: orderDb, bus: orderBus, pollMs: 200 });
    cleanups.push(() => relay.stop());
    const orders = createStore<KitTables>(orderDb, { source: 'flow/order', onCommitWithEvents: () => relay.nudge() });

    // payment: two replicas (two connections each to MariaDB and NATS) sharing a database and a group.
    const paymentDb = await mysql.forService('payment');
    await migrate(paymentDb, kitMigrations, 'mosaic_kit_migration');
    await migrate(paymentDb, paymentMigrations);
    const handledBy = [0, 0];
    for (const replica of [0, 1]) {
      const bus = await openBus();
      const payments = createStore<PaymentTables>(paymentDb, { source: 'flow/payment' });
      await bus.subscribe({ group: 'payment.pay', types: ['OrderPlaced'] }, async (event) => {
        const outcome = await handleOnce(payments, 'payment.pay', event, async (e, tx) => {
          const { amount } = e.data as { amount: number };
          await tx.db.insertInto('payments').values({ order_id: e.subject, amount }).execute();
        });
        if (outcome === 'handled') handledBy[replica]!++;
      });
    }

    const count = 150;
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        orders.transaction((tx) => tx.publish({ type: 'OrderPlaced', subject: `order-${i}`, data: { amount: i } })),
      ),
    );
    const paid = paymentDb.db as Kysely<PaymentTables>;
    await waitFor(
      `${count} payments`,
      async () => (await paid.selectFrom('payments').select('order_id').execute()).length === count,
      30_000,
    );
    const rows = await paid.selectFrom('payments').select(['order_id', 'amount']).orderBy('amount').execute();
    expect(rows.map((r) => r.amount)).toEqual(Array.from({ length: count }, (_, i) => i));
    // A handler counts after its commit returns, so the last rows can be visible a moment before their count.
    await waitFor('every handler to count', async () => handledBy[0]! + handledBy[1]! >= count, 5_000);
    expect(handledBy[0]! + handledBy[1]!).toBe(count);
    expect(handledBy[0]).toBeGreaterThan(0);
    expect(handledBy[1]).toBeGreaterThan(0);
    await waitFor(
      'an empty outbox',
      async () =>
        (await (orderDb.db as Kysely<KitTables>).selectFrom('mosaic_outbox').selectAll().execute()).length === 0,
    );
  });
});
