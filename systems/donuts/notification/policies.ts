import { Type } from '@mosaic/kit/http';
import { type Envelope, on } from '@mosaic/kit/messaging';
import type { ServiceContext } from '@mosaic/kit/service';
import type { Tx } from '@mosaic/kit/store';
import { donutsEvents } from '../contracts/events.ts';
import { type Notice, notices } from './notices.ts';
import type { NotificationTables } from './store.ts';

export const notificationSettings = {
  'alert.operator': Type.String({
    minLength: 3,
    default: 'operator@donut-states.example',
    description: 'who gets the DLQ alert',
  }),
};

export type NotificationContext = ServiceContext<NotificationTables, never, typeof notificationSettings>;

export const mail = on<typeof donutsEvents.schemas, NotificationTables, NotificationContext>(donutsEvents, {
  RestockRequested: (e, tx, ctx) => write(tx, ctx, e, notices.RestockRequested(e.data), e.data.restockId),
  RestockOverdue: (e, tx, ctx) =>
    write(tx, ctx, e, notices.RestockOverdue(e.data, ctx.settings.get('alert.operator')), e.data.restockId),
  RestockDeadLettered: (e, tx, ctx) =>
    write(tx, ctx, e, notices.RestockDeadLettered(e.data, ctx.settings.get('alert.operator')), e.data.restockId),
});

async function write(
  tx: Tx<NotificationTables>,
  ctx: NotificationContext,
  event: Envelope,
  notice: Notice,
  restockId: string,
) {
  // Asked first rather than caught: on PostgreSQL a refused insert would void the inbox's work in this transaction.
  const sent = await tx.db.selectFrom('notifications').select('id').where('event_id', '=', event.id).executeTakeFirst();
  if (sent) return;
  await tx.db
    .insertInto('notifications')
    .values({ ...notice, restock_id: restockId, event_id: event.id, created_at: ctx.clock().toISOString() })
    .execute();
}
