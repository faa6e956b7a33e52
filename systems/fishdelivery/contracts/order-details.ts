import type { CreateTableBuilder } from 'kysely';
import type { OrderDetails } from './events.ts';

/**
 * Payment, store and delivery each keep their own copy of an order's details, taken from the events
 * (no service reads another's tables). These are the columns of that copy and their mapping to the DTO.
 */
export interface OrderDetailColumns {
  order_id: number;
  customer_name: string;
  fish_name: string;
  qty: number;
  telephone: string;
  address: string;
}

/** Adds the detail columns; `order_id` is unique: one row per order in each service. */
export function withOrderDetailColumns<T extends string, C extends string>(table: CreateTableBuilder<T, C>) {
  return table
    .addColumn('order_id', 'integer', (c) => c.notNull().unique())
    .addColumn('customer_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('fish_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('qty', 'integer', (c) => c.notNull())
    .addColumn('telephone', 'varchar(20)', (c) => c.notNull())
    .addColumn('address', 'varchar(300)', (c) => c.notNull());
}

export function detailsOf(row: OrderDetailColumns): OrderDetails {
  return {
    orderId: row.order_id,
    customerName: row.customer_name,
    fishName: row.fish_name,
    qty: row.qty,
    telephone: row.telephone,
    address: row.address,
  };
}

export function detailColumns(details: OrderDetails): OrderDetailColumns {
  return {
    order_id: details.orderId,
    customer_name: details.customerName,
    fish_name: details.fishName,
    qty: details.qty,
    telephone: details.telephone,
    address: details.address,
  };
}
