import type { Envelope } from '@mosaic/kit/messaging';
import type { Tx } from '@mosaic/kit/store';
import { countOf } from '@mosaic/kit/store';
import type { Kysely } from 'kysely';
import type { OrderDetails } from '../contracts/events.ts';
import { type Found, offsetOf, type PageRequest } from '../contracts/paging.ts';
import type { MyPageStatus, OrderTables } from './store.ts';

/**
 * MyPage: the customer's view of an order's progress, built only from events (CQRS). It is owned by the
 * order service but never reads the orders table, so it can be dropped and rebuilt from the log.
 */

export interface MyPage extends Partial<Omit<OrderDetails, 'orderId'>> {
  orderId: number;
  status: MyPageStatus;
  cancelReason?: string;
  updatedAt: string;
}

/** How far along each status is. A status only ever moves forward, so a late or repeated event changes nothing. */
const PROGRESS: Record<MyPageStatus, number> = {
  placed: 0,
  paid: 1,
  prepared: 2,
  delivering: 3,
  delivered: 4,
  canceled: 5,
};

/** Which status each event moves MyPage to. */
export const MY_PAGE_EVENTS: Record<string, MyPageStatus> = {
  OrderPlaced: 'placed',
  PayApproved: 'paid',
  OrderTaken: 'prepared',
  DeliveryStarted: 'delivering',
  DeliveryCompleted: 'delivered',
  OrderCanceled: 'canceled',
  PayCanceled: 'canceled',
  ReceiveCanceled: 'canceled',
  DeliveryCanceled: 'canceled',
};

export const MY_PAGE_GROUP = 'order.myPage';

/** The pure rule: the next MyPage after an event, or undefined when the event must not change it. */
export function advance(current: MyPage | undefined, event: Envelope, now: string): MyPage | undefined {
  const target = MY_PAGE_EVENTS[event.type];
  if (!target) return undefined;
  const data = event.data as Partial<OrderDetails> & { reason?: string };
  const orderId = Number(event.subject);
  // Events may arrive before OrderPlaced (each service relays on its own): fill in details whenever known.
  const details = {
    customerName: current?.customerName ?? data.customerName,
    fishName: current?.fishName ?? data.fishName,
    qty: current?.qty ?? data.qty,
    telephone: current?.telephone ?? data.telephone,
    address: current?.address ?? data.address,
  };
  if (!current) {
    return { orderId, ...details, status: target, ...cancelReason(target, data), updatedAt: now };
  }
  const terminal = current.status === 'delivered' || current.status === 'canceled';
  const forward = !terminal && PROGRESS[target] > PROGRESS[current.status];
  const filled = Object.entries(details).some(([k, v]) => v !== current[k as keyof MyPage]);
  if (!forward && !filled) return undefined;
  return forward
    ? { ...current, ...details, status: target, ...cancelReason(target, data), updatedAt: now }
    : { ...current, ...details, updatedAt: now };
}

function cancelReason(status: MyPageStatus, data: { reason?: string }) {
  return status === 'canceled' && data.reason ? { cancelReason: data.reason } : {};
}

export function myPages(db: Kysely<OrderTables>) {
  const toView = (row: OrderTables['my_pages']): MyPage => ({
    orderId: row.order_id,
    ...(row.customer_name !== null ? { customerName: row.customer_name } : {}),
    ...(row.fish_name !== null ? { fishName: row.fish_name } : {}),
    ...(row.qty !== null ? { qty: row.qty } : {}),
    ...(row.telephone !== null ? { telephone: row.telephone } : {}),
    ...(row.address !== null ? { address: row.address } : {}),
    status: row.status,
    ...(row.cancel_reason !== null ? { cancelReason: row.cancel_reason } : {}),
    updatedAt: row.updated_at,
  });
  return {
    async find(orderId: number): Promise<MyPage | undefined> {
      const row = await db.selectFrom('my_pages').selectAll().where('order_id', '=', orderId).executeTakeFirst();
      return row ? toView(row) : undefined;
    },
    async list(filter: { status?: MyPageStatus } & PageRequest): Promise<Found<MyPage>> {
      let query = db.selectFrom('my_pages');
      if (filter.status) query = query.where('status', '=', filter.status);
      const rows = await query.selectAll().orderBy('order_id').limit(filter.size).offset(offsetOf(filter)).execute();
      return { rows: rows.map(toView), total: await countOf(query) };
    },
    async put(view: MyPage, exists: boolean) {
      const row = {
        customer_name: view.customerName ?? null,
        fish_name: view.fishName ?? null,
        qty: view.qty ?? null,
        telephone: view.telephone ?? null,
        address: view.address ?? null,
        status: view.status,
        cancel_reason: view.cancelReason ?? null,
        updated_at: view.updatedAt,
      };
      if (exists) await db.updateTable('my_pages').set(row).where('order_id', '=', view.orderId).execute();
      else
        await db
          .insertInto('my_pages')
          .values({ order_id: view.orderId, ...row })
          .execute();
    },
    async clear() {
      await db.deleteFrom('my_pages').execute();
    },
  };
}

/** The policy body: apply one event to MyPage inside the handler's transaction. */
export async function project(event: Envelope, tx: Tx<OrderTables>, now: string) {
  const views = myPages(tx.db);
  const current = await views.find(Number(event.subject));
  const next = advance(current, event, now);
  if (next) await views.put(next, current !== undefined);
}
