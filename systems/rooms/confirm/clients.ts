import { retryAfterSecOf, type ServiceClient } from '@mosaic/kit/calls';
import type { Member } from '../contracts/identity.ts';

/**
 * The seed's Feign call had no timeout (Feign's 60 s read) and no breaker (Istio only, spec §7); ours gives
 * booking 2 s, and stops asking an instance after 5 failures in a row for 10 s.
 */
export const BOOKING_TIMEOUT_MS = 2_000;
export const BOOKING_BREAKER = { failures: 5, halfOpenAfterMs: 10_000 };
const RETRY_AFTER_SEC = 5;

export type DenialOutcome =
  | { cancelled: true }
  | { cancelled: false; refused: true; status: number; detail: string }
  | { cancelled: false; refused: false; retryAfterSec: number; detail: string };

/**
 * Asks booking to cancel a booking an admin denies, on the admin's behalf (the kit's client vouches for the
 * admin). Idempotent on booking's side, so the client may retry it on another instance. Every failure is an
 * outcome, never an exception: confirm decides what the admin is told.
 */
export async function cancelForDenial(
  booking: ServiceClient,
  admin: Member,
  bookingId: number,
): Promise<DenialOutcome> {
  try {
    const response = await booking.request({
      method: 'POST',
      path: `/internal/bookings/${bookingId}/denial`,
      headers: { 'x-mosaic-subject': admin.userId, 'x-mosaic-role': admin.role },
      body: {},
      idempotent: true,
    });
    const detail = `booking answered ${response.status}: ${response.body.subarray(0, 300).toString('utf8')}`;
    if (response.status === 200) return { cancelled: true };
    // A booking that cannot be denied (in use, already over): the admin is told why, nothing changes.
    if (response.status === 409) return { cancelled: false, refused: true, status: 409, detail };
    return { cancelled: false, refused: false, retryAfterSec: RETRY_AFTER_SEC, detail };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const retryAfterSec = retryAfterSecOf(error, RETRY_AFTER_SEC);
    return { cancelled: false, refused: false, retryAfterSec, detail };
  }
}
