import { autoId, countOf, insertWithId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely, Selectable } from 'kysely';
import type { OrderDetails } from '../contracts/events.ts';
import {
  detailColumns,
  detailsOf,
  type OrderDetailColumns,
  withOrderDetailColumns,
} from '../contracts/order-details.ts';
import { type Found, offsetOf, type PageRequest } from '../contracts/paging.ts';
import type { Payment, PaymentStatus } from './domain.ts';

export interface PaymentTables {
  payments: OrderDetailColumns & {
    payment_id: Generated<number>;
    status: PaymentStatus;
    created_at: string;
    updated_at: string;
  };
}

export const migrations: Migrations = {
  '001_payments': {
    async up(db: Kysely<unknown>) {
      // One payment per order (order_id is unique): the orderId is the idempotency key.
      await withOrderDetailColumns(db.schema.createTable('payments').addColumn('payment_id', 'integer', autoId(db)))
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
};

const toPayment = (row: Selectable<PaymentTables['payments']>): Payment => ({
  ...detailsOf(row),
  paymentId: row.payment_id,
  status: row.status,
});

export function payments(db: Kysely<PaymentTables>) {
  return {
    async add(details: OrderDetails, status: PaymentStatus, now: string): Promise<Payment> {
      const values = { ...detailColumns(details), status, created_at: now, updated_at: now };
      const paymentId = await insertWithId(db, 'payments', values, 'payment_id');
      return { ...detailsOf(values), paymentId, status };
    },
    async find(paymentId: number) {
      const row = await db.selectFrom('payments').selectAll().where('payment_id', '=', paymentId).executeTakeFirst();
      return row ? toPayment(row) : undefined;
    },
    async findByOrder(orderId: number) {
      const row = await db.selectFrom('payments').selectAll().where('order_id', '=', orderId).executeTakeFirst();
      return row ? toPayment(row) : undefined;
    },
    async list(filter: { orderId?: number; status?: PaymentStatus } & PageRequest): Promise<Found<Payment>> {
      let query = db.selectFrom('payments');
      if (filter.orderId !== undefined) query = query.where('order_id', '=', filter.orderId);
      if (filter.status) query = query.where('status', '=', filter.status);
      const rows = await query.selectAll().orderBy('payment_id').limit(filter.size).offset(offsetOf(filter)).execute();
      return { rows: rows.map(toPayment), total: await countOf(query) };
    },
    async setStatus(paymentId: number, status: PaymentStatus, now: string) {
      await db.updateTable('payments').set({ status, updated_at: now }).where('payment_id', '=', paymentId).execute();
    },
  };
}
