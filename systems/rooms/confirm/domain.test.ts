import { describe, expect, it } from 'vitest';
import { type Confirm, decide, withdraw } from './domain.ts';

const request = (status: Confirm['status']): Confirm => ({
  id: 2,
  bookingId: 3,
  userId: '45678',
  status,
  confirmUserId: null,
  confirmDtm: null,
  createdAt: '2030-09-01T00:00:00.000Z',
  updatedAt: '2030-09-01T00:00:00.000Z',
});
const AT = '2030-09-01T01:00:00.000Z';

describe('a confirm request', () => {
  it('is confirmed or denied from BOOKED, by an admin, with the booking in its event', () => {
    const confirmed = decide(request('BOOKED'), 'CONFIRMED', '00001', AT);
    expect(confirmed).toMatchObject({
      ok: true,
      state: { status: 'CONFIRMED', confirmUserId: '00001', confirmDtm: AT },
    });
    expect(confirmed.ok && confirmed.events[0]).toMatchObject({
      type: 'ConfirmCompleted',
      subject: '3',
      data: { bookingId: 3 },
    });
    const denied = decide(request('BOOKED'), 'DENIED', '00001', AT);
    expect(denied.ok && denied.events[0]).toMatchObject({
      type: 'ConfirmDenied',
      data: { bookingId: 3, confirmUserId: '00001' },
    });
  });

  it('never goes from one verdict to the other, and the same verdict again is a no-op', () => {
    expect(decide(request('CONFIRMED'), 'DENIED', '00001', AT)).toMatchObject({ ok: false, reason: 'confirm-decided' });
    expect(decide(request('DENIED'), 'CONFIRMED', '00001', AT)).toMatchObject({ ok: false, reason: 'confirm-decided' });
    expect(decide(request('WITHDRAWN'), 'CONFIRMED', '00001', AT)).toMatchObject({
      ok: false,
      reason: 'confirm-decided',
    });
    expect(decide(request('DENIED'), 'DENIED', '00001', AT)).toMatchObject({ ok: true, events: [] });
  });

  it('is withdrawn when its booking is cancelled, unless it was denied', () => {
    expect(withdraw(request('BOOKED'))).toMatchObject({
      ok: true,
      state: { status: 'WITHDRAWN' },
      events: [{ type: 'ConfirmWithdrawn' }],
    });
    expect(withdraw(request('CONFIRMED'))).toMatchObject({ ok: true, state: { status: 'WITHDRAWN' } });
    expect(withdraw(request('DENIED'))).toMatchObject({ ok: true, events: [] });
  });
});
