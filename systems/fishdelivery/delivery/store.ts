import { autoId, insertWithId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely, Selectable } from 'kysely';
import type { OrderDetails } from '../contracts/events.ts';
import type { Delivery, DeliveryStatus } from './domain.ts';

export interface DeliveryTables {
  deliveries: {
    delivery_id: Generated<number>;
    order_id: number;
    customer_name: string;
    fish_name: string;
    qty: number;
    telephone: string;
    address: string;
    status: DeliveryStatus;
    created_at: string;
    updated_at: string;
  };
}

export const migrations: Migrations = {
  '001_deliveries': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('deliveries')
        .addColumn('delivery_id', 'integer', autoId(db))
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

const toDelivery = (row: Selectable<DeliveryTables['deliveries']>): Delivery => ({
  deliveryId: row.delivery_id,
  orderId: row.order_id,
  customerName: row.customer_name,
  fishName: row.fish_name,
  qty: row.qty,
  telephone: row.telephone,
  address: row.address,
  status: row.status,
});

export function deliveries(db: Kysely<DeliveryTables>) {
  return {
    async add(details: OrderDetails, status: DeliveryStatus, now: string): Promise<Delivery> {
      const { orderId, customerName, fishName, qty, telephone, address } = details;
      const deliveryId = await insertWithId(
        db,
        'deliveries',
        {
          order_id: orderId,
          customer_name: customerName,
          fish_name: fishName,
          qty,
          telephone,
          address,
          status,
          created_at: now,
          updated_at: now,
        },
        'delivery_id',
      );
      return { orderId, customerName, fishName, qty, telephone, address, deliveryId, status };
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
    async list(filter: { orderId?: number; status?: DeliveryStatus; page: number; size: number }) {
      let query = db.selectFrom('deliveries').selectAll();
      if (filter.orderId !== undefined) query = query.where('order_id', '=', filter.orderId);
      if (filter.status) query = query.where('status', '=', filter.status);
      const rows = await query
        .orderBy('delivery_id')
        .limit(filter.size)
        .offset(filter.page * filter.size)
        .execute();
      return rows.map(toDelivery);
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
