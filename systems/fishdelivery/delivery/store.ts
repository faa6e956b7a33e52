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
import type { Delivery, DeliveryStatus } from './domain.ts';

export interface DeliveryTables {
  deliveries: OrderDetailColumns & {
    delivery_id: Generated<number>;
    status: DeliveryStatus;
    created_at: string;
    updated_at: string;
  };
}

export const migrations: Migrations = {
  '001_deliveries': {
    async up(db: Kysely<unknown>) {
      await withOrderDetailColumns(db.schema.createTable('deliveries').addColumn('delivery_id', 'integer', autoId(db)))
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
};

const toDelivery = (row: Selectable<DeliveryTables['deliveries']>): Delivery => ({
  ...detailsOf(row),
  deliveryId: row.delivery_id,
  status: row.status,
});

export function deliveries(db: Kysely<DeliveryTables>) {
  return {
    async add(details: OrderDetails, status: DeliveryStatus, now: string): Promise<Delivery> {
      const values = { ...detailColumns(details), status, created_at: now, updated_at: now };
      const deliveryId = await insertWithId(db, 'deliveries', values, 'delivery_id');
      return { ...detailsOf(values), deliveryId, status };
    },
    async find(deliveryId: number) {
      const row = await db
        .selectFrom('deliveries')
        .selectAll()
        .where('delivery_id', '=', deliveryId)
        .executeTakeFirst();
      return row ? toDelivery(row) : undefined;
    },
    async findByOrder(orderId: number) {
      const row = await db.selectFrom('deliveries').selectAll().where('order_id', '=', orderId).executeTakeFirst();
      return row ? toDelivery(row) : undefined;
    },
    async list(filter: { orderId?: number; status?: DeliveryStatus } & PageRequest): Promise<Found<Delivery>> {
      let query = db.selectFrom('deliveries');
      if (filter.orderId !== undefined) query = query.where('order_id', '=', filter.orderId);
      if (filter.status) query = query.where('status', '=', filter.status);
      const rows = await query.selectAll().orderBy('delivery_id').limit(filter.size).offset(offsetOf(filter)).execute();
      return { rows: rows.map(toDelivery), total: await countOf(query) };
    },
    async setStatus(deliveryId: number, status: DeliveryStatus, now: string) {
      await db
        .updateTable('deliveries')
        .set({ status, updated_at: now })
        .where('delivery_id', '=', deliveryId)
        .execute();
    },
  };
}
