import { accept, type Decision, type DomainEvent, reject } from '@mosaic/kit/domain';
import { type ConfirmFacts, roomsEvent } from '../contracts/events.ts';

/**
 * A confirm request (spec §6 [proposal]): BOOKED in the admins' queue until an admin CONFIRMs or DENIEs it,
 * once; WITHDRAWN when its booker cancelled first (the seed's confirmDelete, never built, R-G2). The seed took
 * any status from anyone at any time (R-B7); here a decided request stays decided, and asking again for the
 * same decision is a no-op rather than the seed's 500.
 */
export const CONFIRM_STATUSES = ['BOOKED', 'CONFIRMED', 'DENIED', 'WITHDRAWN'] as const;
export type ConfirmStatus = (typeof CONFIRM_STATUSES)[number];
export type Verdict = 'CONFIRMED' | 'DENIED';

export interface Confirm {
  id: number;
  bookingId: number;
  userId: string;
  status: ConfirmStatus;
  confirmUserId: string | null;
  confirmDtm: string | null;
  createdAt: string;
  updatedAt: string;
}

export const confirmRequested = (c: Confirm): DomainEvent => roomsEvent('ConfirmRequested', facts(c));

/** An admin's verdict. The same verdict again answers the request as it is, with no new event. */
export function decide(c: Confirm, verdict: Verdict, admin: string, at: string): Decision<Confirm, DomainEvent> {
  if (c.status === verdict) return accept(c);
  if (c.status !== 'BOOKED') {
    return reject(
      'confirm-decided',
      `confirm request ${c.id} is ${c.status}; only a BOOKED request can be ${verdict === 'CONFIRMED' ? 'confirmed' : 'denied'}`,
    );
  }
  const decided: Confirm = { ...c, status: verdict, confirmUserId: admin, confirmDtm: at };
  const data = { ...facts(c), confirmUserId: admin, confirmDtm: at };
  return accept(decided, roomsEvent(verdict === 'CONFIRMED' ? 'ConfirmCompleted' : 'ConfirmDenied', data));
}

/** Its booking was cancelled by its booker or an admin: the request leaves the queue. */
export function withdraw(c: Confirm): Decision<Confirm, DomainEvent> {
  if (c.status === 'WITHDRAWN' || c.status === 'DENIED') return accept(c);
  return accept({ ...c, status: 'WITHDRAWN' }, roomsEvent('ConfirmWithdrawn', facts(c)));
}

function facts(c: Confirm): ConfirmFacts {
  return { id: c.id, bookingId: c.bookingId, userId: c.userId };
}
