import { retryAfterSecOf, type ServiceClient } from '@mosaic/kit/calls';
import type { Member } from '../contracts/identity.ts';

/** Check-in and check-out wait for booking at most 2 s; an instance failing 5 times in a row is rested 10 s. */
export const BOOKING_TIMEOUT_MS = 2_000;
export const BOOKING_BREAKER = { failures: 5, halfOpenAfterMs: 10_000 };
const RETRY_AFTER_SEC = 5;

/** The booking as booking answered it: what realuse copies into the use. */
export interface BookedSlot {
  id: number;
  roomId: number;
  bookingUserId: string;
  /** Korea time with its offset, as booking answers. */
  useStartDtm: string;
  useEndDtm: string;
  status: string;
}

export type BookingAnswer =
  | { ok: true; booking: BookedSlot }
  | { ok: false; refused: true; status: number; detail: string }
  | { ok: false; refused: false; retryAfterSec: number; detail: string };

/**
 * Asks booking to move a booking into or out of use, on the member's behalf (the kit's client vouches for
 * them). Both moves are idempotent on booking's side, so the client may retry on another instance. Every
 * failure is an outcome: a refusal (403, 404, 409) is booking's word to pass on; anything else means booking
 * could not answer.
 */
export async function moveBookingUse(
  booking: ServiceClient,
  who: Member,
  bookingId: number,
  move: 'use-start' | 'use-end',
): Promise<BookingAnswer> {
  try {
    const response = await booking.request({
      method: 'POST',
      path: `/internal/bookings/${bookingId}/${move}`,
      headers: { 'x-mosaic-subject': who.userId, 'x-mosaic-role': who.role },
      body: {},
      idempotent: true,
    });
    if (response.status === 200) return { ok: true, booking: response.json<BookedSlot>() };
    const detail = detailOf(response.body);
    if ([403, 404, 409].includes(response.status)) return { ok: false, refused: true, status: response.status, detail };
    return { ok: false, refused: false, retryAfterSec: RETRY_AFTER_SEC, detail };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const retryAfterSec = retryAfterSecOf(error, RETRY_AFTER_SEC);
    return { ok: false, refused: false, retryAfterSec, detail };
  }
}

/** booking's own words (its problem `detail`), to pass on to the member. */
function detailOf(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { detail?: unknown };
    if (typeof parsed.detail === 'string') return parsed.detail;
  } catch {
    // not a problem body: say what came, briefly
  }
  return body.subarray(0, 300).toString('utf8');
}
