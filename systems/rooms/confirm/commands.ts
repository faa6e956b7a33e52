import type { Decision, DomainEvent } from '@mosaic/kit/domain';
import { conflict, notFound, type ServiceContext, unavailable } from '@mosaic/kit/service';
import { insertWithId, type Tx } from '@mosaic/kit/store';
import type { EventData } from '../contracts/events.ts';
import type { Member } from '../contracts/identity.ts';
import { cancelForDenial } from './clients.ts';
import { confirms } from './confirms.ts';
import { type Confirm, confirmRequested, decide, type Verdict, withdraw } from './domain.ts';
import type { ConfirmTables } from './store.ts';

export type ConfirmContext = ServiceContext<ConfirmTables, 'booking'>;

const now = (ctx: ConfirmContext) => ctx.clock().toISOString();

/** BookingCreated: the booking joins the admins' queue. A repeat of the event finds it there already. */
export async function requestConfirm(ctx: ConfirmContext, tx: Tx<ConfirmTables>, booking: EventData<'BookingCreated'>) {
  if (await confirms(tx.db).ofBooking(booking.id)) return;
  const at = now(ctx);
  const row = {
    booking_id: booking.id,
    user_id: booking.bookingUserId,
    status: 'BOOKED' as const,
    confirm_user_id: null,
    confirm_dtm: null,
    created_at: at,
    updated_at: at,
  };
  // Two deliveries racing past the check above would meet the unique booking_id: the loser's transaction
  // fails and its retry finds the request made.
  const id = await insertWithId(tx.db, 'confirms', row, 'id');
  await tx.publish(
    confirmRequested({
      id,
      bookingId: booking.id,
      userId: booking.bookingUserId,
      status: 'BOOKED',
      confirmUserId: null,
      confirmDtm: null,
      createdAt: at,
      updatedAt: at,
    }),
  );
}

/**
 * BookingCancelled: a booking its booker or an admin cancelled withdraws its request. One cancelled by a
 * denial is the first half of `judge` below; if confirm stopped before the second half, the denial is
 * recorded here, so the two never stay apart.
 */
export async function bookingCancelled(ctx: ConfirmContext, tx: Tx<ConfirmTables>, e: EventData<'BookingCancelled'>) {
  const found = await confirms(tx.db).ofBooking(e.id);
  if (!found) return;
  const decision = e.cause === 'denied' ? decide(found, 'DENIED', e.cancelledBy, now(ctx)) : withdraw(found);
  if (!decision.ok) {
    ctx.logger.info({ confirmId: found.id, reason: decision.reason }, decision.message);
    return;
  }
  await save(ctx, tx, found, decision);
}

/**
 * An admin's verdict. A denial cancels the booking synchronously first (the seed's requirement), and is
 * recorded only once booking said the booking no longer stands: if booking cannot be reached the admin gets
 * a 503 with Retry-After and nothing has changed, never a denial recorded with its booking still standing.
 */
export const judge =
  (ctx: ConfirmContext) =>
  async (admin: Member, id: number, verdict: Verdict): Promise<Confirm> => {
    const current = await confirms(ctx.store.db).find(id);
    if (!current) throw notFound('confirm request', id);
    // The guard before the call, so a refused verdict never reaches booking.
    const first = decide(current, verdict, admin.userId, now(ctx));
    if (!first.ok) throw conflict(first.reason, first.message);
    if (first.state === current) return current;
    if (verdict === 'DENIED') {
      const outcome = await cancelForDenial(ctx.clients.booking, admin, current.bookingId);
      if (!outcome.cancelled) {
        ctx.logger.warn({ confirmId: id, bookingId: current.bookingId, detail: outcome.detail }, 'denial not recorded');
        if (outcome.refused) {
          throw conflict('booking-not-deniable', `booking ${current.bookingId} cannot be denied: ${outcome.detail}`);
        }
        throw unavailable(
          `booking ${current.bookingId} could not be cancelled because the booking service is unavailable; ` +
            `nothing was changed and confirm request ${id} is still ${current.status}; deny it again in ${outcome.retryAfterSec} s`,
          outcome.retryAfterSec,
          { confirmId: id, confirmStatus: current.status },
        );
      }
    }
    return ctx.store.transaction(async (tx) => {
      const locked = await confirms(tx.db).find(id, true);
      if (!locked) throw notFound('confirm request', id);
      const decision = decide(locked, verdict, admin.userId, now(ctx));
      if (!decision.ok) throw conflict(decision.reason, decision.message);
      return save(ctx, tx, locked, decision);
    });
  };

async function save(
  ctx: ConfirmContext,
  tx: Tx<ConfirmTables>,
  before: Confirm,
  decision: Decision<Confirm, DomainEvent> & { ok: true },
) {
  if (decision.state === before) return before;
  const saved = { ...decision.state, updatedAt: now(ctx) };
  await confirms(tx.db).save(saved);
  for (const event of decision.events) await tx.publish(event);
  return saved;
}
