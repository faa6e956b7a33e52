import type { Envelope } from '@mosaic/kit/messaging';
import { on } from '@mosaic/kit/messaging';
import type { ServiceContext } from '@mosaic/kit/service';
import type { Tx } from '@mosaic/kit/store';
import { roomsEvents } from '../contracts/events.ts';
import { type Notice, notices } from './notices.ts';
import type { NotificationTables } from './store.ts';

export type NotificationContext = ServiceContext<NotificationTables>;

/**
 * Every state change the seed promised to announce ("예약/승인 상태가 바뀔때마다"). The inbox makes each
 * event's notice once; the unique event id keeps it once even if the inbox were bypassed. While notification
 * is down its consumer group waits on the stream, so nothing is lost and nothing held up: it catches up.
 */
export const announce = on<typeof roomsEvents.schemas, NotificationTables, NotificationContext>(roomsEvents, {
  BookingCreated: (e, tx, ctx) => send(tx, ctx, e, notices.BookingCreated(e.data)),
  BookingChanged: (e, tx, ctx) => send(tx, ctx, e, notices.BookingChanged(e.data)),
  BookingCancelled: (e, tx, ctx) => send(tx, ctx, e, notices.BookingCancelled(e.data)),
  ConfirmCompleted: (e, tx, ctx) => send(tx, ctx, e, notices.ConfirmCompleted(e.data)),
  ConfirmDenied: (e, tx, ctx) => send(tx, ctx, e, notices.ConfirmDenied(e.data)),
  UseStarted: (e, tx, ctx) => send(tx, ctx, e, notices.UseStarted(e.data)),
  UseEnded: (e, tx, ctx) => send(tx, ctx, e, notices.UseEnded(e.data)),
  BookingNoShow: (e, tx, ctx) => send(tx, ctx, e, notices.BookingNoShow(e.data)),
});

async function send(tx: Tx<NotificationTables>, ctx: NotificationContext, event: Envelope, notice: Notice) {
  // Asked first rather than caught: on PostgreSQL a refused insert would void the inbox's work in this transaction.
  const sent = await tx.db.selectFrom('notifications').select('id').where('event_id', '=', event.id).executeTakeFirst();
  if (sent) return;
  await tx.db
    .insertInto('notifications')
    .values({
      user_id: notice.userId,
      contents: notice.contents,
      send_dtm: ctx.clock().toISOString(),
      booking_id: notice.bookingId,
      event_id: event.id,
      event_type: event.type,
    })
    .execute();
}
