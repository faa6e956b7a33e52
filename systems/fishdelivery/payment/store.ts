import { autoId, insertWithId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely, Selectable } from 'kysely';
import type { OrderDetails } from '../contracts/events.ts';
import type { Payment, PaymentStatus } from './domain.ts';

export interface PaymentTables {
  payments: {
    payment_id: Generated<number>;
    order_id: number;
    customer_name: string;
    fish_name: string;
    qty: number;
    telephone: string;
    address: string;
    status: PaymentStatus;
    created_at: string;
    updated_at: string;
  };
}

export const migrations: Migrations = {
  '001_payments': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('payments')
        .addColumn('payment_id', 'integer', autoId(db))
        // One payment per order: the orderId is the idempotency key.
        .addColumn('order_id', 'integer', (c) => c.notNull().unique())
        .addColumn('customer_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('fish_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('qty', 'integer', (c) => c.notNull())
        .addColumn('telephone', 'varchar(20)', (c) => c.notNull())
        .addColumn('address', 'varchar(300)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
};

const toPayment = (row: Selectable<PaymentTables['payments']>): Payment => ({
  paymentId: row.payment_id,
  orderId: row.order_id,
  customerName: row.customer_name,
  fishName: row.fish_name,
  qty: row.qty,
  telephone: row.telephone,
  address: row.address,
  status: row.status,
});

export function payments(db: Kysely<PaymentTables>) {
  return {
    async add(details: OrderDetails, status: PaymentStatus, now: string): Promise<Payment> {
      const paymentId = await insertWithId(
        db,
        'payments',
        {
          order_id: details.orderId,
          customer_name: details.customerName,
          fish_name: details.fishName,
          qty: details.qty,
          telephone: details.telephone,
          address: details.address,
          status,
          created_at: now,
          updated_at: now,
        },
        'payment_id',
      );
      return { ...details, paymentId, status };
    },
    async find(paymentId: number) {
      const row = await db.selectFrom('payments').selectAll().where('payment_id', '=', paymentId).executeTakeFirst();
      return row ? toPayment(row) : undefined;
    },
    async findByOrder(orderId: number) {
      const row = await db.selectFrom('payments').selectAll().where('order_id', '=', orderId).executeTakeFirst();
      return row ? toPayment(row) : undefined;
    },
    async list(filter: { orderId?: number; page: number; size: number }) {
      let query = db.selectFrom('payments').selectAll();
      if (filter.orderId !== undefined) query = query.where('order_id', '=', filter.orderId);
      const rows = await query
        .orderBy('payment_id')
        .limit(filter.size)
        .offset(filter.page * filter.size)
        .execute();
      return rows.map(toPayment);
    },
    async setStatus(paymentId: number, status: PaymentStatus, now: string) {
      await db.updateTable('payments').set({ status, updated_at: now }).where('payment_id', '=', paymentId).execute();
    },
  };
}
