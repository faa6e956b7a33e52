import { describe, expect, it } from 'vitest';
import { type Booking, cancel, confirm, deny, reschedule, slotProblem } from './domain.ts';

const booking = (status: Booking['status']): Booking => ({
  id: 3,
  roomId: 1,
  bookingUserId: '45678',
  useStartDtm: '2030-09-02T04:30:00.000Z',
  useEndDtm: '2030-09-02T05:30:00.000Z',
  status,
  cancelCause: null,
  cancelledBy: null,
  createdAt: '2030-09-01T00:00:00.000Z',
  updatedAt: '2030-09-01T00:00:00.000Z',
});

describe('a booking', () => {
  it('needs a slot in the future that ends after it starts', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(slotProblem(new Date('2030-01-02T10:00Z'), new Date('2030-01-02T11:00Z'), now)).toBeUndefined();
    expect(slotProblem(new Date('2030-01-02T11:00Z'), new Date('2030-01-02T11:00Z'), now)).toMatch(/before/);
    expect(slotProblem(new Date('2029-12-31T10:00Z'), new Date('2029-12-31T11:00Z'), now)).toMatch(/future/);
  });

  it('is cancelled by its booker, an admin or a denial while it waits or is approved, raising BookingCancelled', () => {
    for (const status of ['REQUESTED', 'CONFIRMED'] as const) {
      const decision = cancel(booking(status), '00001', 'admin');
      expect(decision.ok && decision.state).toMatchObject({
        status: 'CANCELLED',
        cancelCause: 'admin',
        cancelledBy: '00001',
      });
      expect(decision.ok && decision.events.map((e) => [e.type, e.subject])).toEqual([['BookingCancelled', '3']]);
    }
  });

  it('cannot be cancelled once in use or over', () => {
    expect(cancel(booking('IN_USE'), '45678', 'booker')).toMatchObject({ ok: false, reason: 'booking-in-use' });
    for (const status of ['USED', 'NO_SHOW'] as const) {
      expect(cancel(booking(status), '45678', 'booker')).toMatchObject({ ok: false, reason: 'booking-over' });
    }
    expect(cancel(booking('CANCELLED'), '45678', 'booker')).toMatchObject({ ok: false, reason: 'booking-cancelled' });
  });

  it('is denied only while it waits; a denial of a cancelled booking changes nothing and raises nothing', () => {
    expect(deny(booking('REQUESTED'), '00001')).toMatchObject({ ok: true, state: { cancelCause: 'denied' } });
    const again = deny(booking('CANCELLED'), '00001');
    expect(again).toMatchObject({ ok: true, events: [] });
    expect(deny(booking('CONFIRMED'), '00001')).toMatchObject({ ok: false, reason: 'booking-not-requested' });
  });

  it('is approved only while it waits, and moves only then', () => {
    expect(confirm(booking('REQUESTED'))).toMatchObject({ ok: true, state: { status: 'CONFIRMED' }, events: [] });
    expect(confirm(booking('CANCELLED')).ok).toBe(false);
    expect(reschedule(booking('REQUESTED'), 'a', 'b')).toMatchObject({
      ok: true,
      events: [{ type: 'BookingChanged' }],
    });
    expect(reschedule(booking('CONFIRMED'), 'a', 'b')).toMatchObject({ ok: false, reason: 'booking-not-requested' });
  });
});
