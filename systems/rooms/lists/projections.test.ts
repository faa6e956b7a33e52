import type { Envelope } from '@mosaic/kit/messaging';
import { describe, expect, it } from 'vitest';
import { applyToBookingList, emptyBookingList } from './booking-list.ts';
import { applyToRoomUseList, emptyRoomUseList } from './room-use-list.ts';

/** One booking's life as its events: booked, moved, approved, used. Ids are time-ordered, like UUIDv7. */
const slot = (start: string, end: string) => ({ useStartDtm: start, useEndDtm: end });
const booking = { id: 3, roomId: 556677, bookingUserId: '45678' };
const T1 = slot('2030-09-02T04:30:00.000Z', '2030-09-02T05:30:00.000Z');
const T2 = slot('2030-09-02T05:00:00.000Z', '2030-09-02T06:00:00.000Z');
const confirm = { id: 2, bookingId: 3, userId: '45678' };
const used = { id: 9, bookingId: 3, roomId: 556677, bookingUserId: '45678', ...T2 };

const envelope = (n: number, type: string, data: unknown): Envelope => ({
  id: `0190000000000000000000000000000${n}`,
  type,
  source: 'rooms/test',
  subject: '3',
  time: `2030-09-01T00:00:0${n}.000Z`,
  dataVersion: 1,
  data,
});

const life = [
  envelope(1, 'BookingCreated', { ...booking, ...T1 }),
  envelope(2, 'ConfirmRequested', confirm),
  envelope(3, 'BookingChanged', { ...booking, ...T2 }),
  envelope(4, 'ConfirmCompleted', { ...confirm, confirmUserId: '00001', confirmDtm: '2030-09-01T01:00:00.000Z' }),
  envelope(5, 'UseStarted', { ...used, realUseStartDtm: '2030-09-02T04:58:00.000Z' }),
  envelope(6, 'UseEnded', {
    ...used,
    realUseStartDtm: '2030-09-02T04:58:00.000Z',
    realUseEndDtm: '2030-09-02T05:40:00.000Z',
  }),
];

/** Every order of the events, each one possibly delivered twice. */
function* deliveries(events: Envelope[]): Generator<Envelope[]> {
  const shuffled = (seed: number) =>
    events
      .map((e, i) => ({ e, key: Math.sin(seed * 97 + i * 13) }))
      .sort((a, b) => a.key - b.key)
      .map(({ e }) => e);
  yield [...events].reverse();
  for (let seed = 1; seed <= 200; seed++) {
    const order = shuffled(seed);
    yield seed % 2 ? order : order.flatMap((e, i) => (i % 2 ? [e, e] : [e]));
  }
}

describe('the views under late and repeated events', () => {
  const bookingList = (events: Envelope[]) => events.reduce(applyToBookingList, emptyBookingList(3));
  const roomUseList = (events: Envelope[]) => events.reduce(applyToRoomUseList, emptyRoomUseList(3));

  it('bookingLists shows the booking, its latest slot and its approval, in any order', () => {
    const inOrder = bookingList(life);
    expect(inOrder).toMatchObject({
      bookingUserId: '45678',
      roomId: 556677,
      ...T2,
      bookingDtm: '2030-09-01T00:00:01.000Z',
      bookingStatus: 'USED',
      confirmId: 2,
      confirmStatus: 'CONFIRMED',
      confirmUserId: '00001',
    });
    for (const events of deliveries(life)) expect(bookingList(events)).toEqual(inOrder);
  });

  it('roomUseLists shows booked and real times with the booker, in any order', () => {
    const inOrder = roomUseList(life.filter((e) => !e.type.startsWith('Confirm')));
    expect(inOrder).toMatchObject({
      bookingUserId: '45678',
      bookedUseStartDtm: T2.useStartDtm,
      realUseStartDtm: '2030-09-02T04:58:00.000Z',
      realUseEndDtm: '2030-09-02T05:40:00.000Z',
      realuseId: 9,
    });
    for (const events of deliveries(life.filter((e) => !e.type.startsWith('Confirm')))) {
      expect(roomUseList(events)).toEqual(inOrder);
    }
  });

  it('a cancellation after approval ends as CANCELLED and WITHDRAWN, whichever arrives first', () => {
    const cancelled = [
      envelope(1, 'BookingCreated', { ...booking, ...T1 }),
      envelope(2, 'ConfirmRequested', confirm),
      envelope(4, 'ConfirmCompleted', { ...confirm, confirmUserId: '00001', confirmDtm: '2030-09-01T01:00:00.000Z' }),
      envelope(5, 'BookingCancelled', { ...booking, ...T1, cause: 'booker', cancelledBy: '45678' }),
      envelope(6, 'ConfirmWithdrawn', confirm),
    ];
    const inOrder = bookingList(cancelled);
    expect(inOrder).toMatchObject({ bookingStatus: 'CANCELLED', confirmStatus: 'WITHDRAWN', confirmUserId: '00001' });
    for (const events of deliveries(cancelled)) expect(bookingList(events)).toEqual(inOrder);
  });
});
