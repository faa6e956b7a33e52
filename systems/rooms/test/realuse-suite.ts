import type { Problem } from '@mosaic/kit/service';
import { type TestSystem, waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDtm } from '../contracts/times.ts';
import {
  ADMIN,
  approve,
  bookingIn,
  firstRoomId,
  futureDay,
  MEMBER,
  OTHER_MEMBER,
  type Row,
  signIn,
  slotOn,
} from './fixtures.ts';

/**
 * Check-in, check-out and no-show, on a clock the test moves (every service reads it; tokens keep the wall
 * clock, which the gateway checks them against).
 */
let shiftMs = 0;
const clock = () => new Date(Date.now() + shiftMs);
/** Moves the system's clock to `minutes` after `slotStart` (negative: before). */
const setClockTo = (slotStart: string, minutes: number) => {
  shiftMs = (parseDtm(slotStart)?.getTime() ?? Number.NaN) + minutes * 60_000 - Date.now();
};

/** Run on each runtime: realuse.test.ts (embedded) and realuse.distributed.test.ts (the engines). */
export function realuseSuite(start: (clock: () => Date) => Promise<TestSystem>) {
  let system: TestSystem;
  let member: Record<string, string>;
  let other: Record<string, string>;
  let admin: Record<string, string>;
  let roomId: number;

  beforeAll(async () => {
    system = await start(clock);
    member = await signIn(system.http, MEMBER);
    other = await signIn(system.http, OTHER_MEMBER);
    admin = await signIn(system.http, ADMIN);
    roomId = await firstRoomId(system.http, member);
  });
  afterAll(() => system?.close());

  const bookAndApprove = async (slot: { useStartDtm: string; useEndDtm: string }) => {
    shiftMs = 0;
    const booked = await system.http.post<Row>('/bookings', { roomId, ...slot }, member);
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    await approve(system.http, admin, booked.body.id);
    return booked.body.id;
  };

  describe('using a booked room', () => {
    it('checks the booker in within the slot, and out again: USED, the history kept, the room free', async () => {
      const { http } = system;
      const day = futureDay();
      const slot = slotOn(day, 10, 11);
      const bookingId = await bookAndApprove(slot);

      // The seed's siege body had no bookingId and made rows (R-B7): here it is a 400.
      expect((await http.post('/realuses', { status: 'READY' }, member)).status).toBe(400);
      const early = await http.post<Problem & { rule?: string }>('/realuses', { bookingId }, member);
      expect(early.status).toBe(409);
      expect(early.body.detail).toMatch(/10 minutes before its start/);

      setClockTo(slot.useStartDtm, -5);
      expect((await http.post('/realuses', { bookingId }, other)).status).toBe(403);
      const checkedIn = await http.post<Row>('/realuses', { bookingId }, member);
      expect(checkedIn.status, JSON.stringify(checkedIn.body)).toBe(201);
      expect(checkedIn.body).toMatchObject({ bookingId, roomId, bookingUserId: MEMBER, realUseEndDtm: null });
      expect(checkedIn.body.useStartDtm).toMatch(/T10:00:00\+09:00$/);
      expect((await http.get<Row>(`/bookings/${bookingId}`, member)).body.status).toBe('IN_USE');
      const again = await http.post<Row>('/realuses', { bookingId }, member);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(checkedIn.body.id);
      expect((await http.delete(`/bookings/${bookingId}`, member)).status).toBe(409);

      setClockTo(slot.useStartDtm, 40);
      expect((await http.patch(`/realuses/${checkedIn.body.id}`, {}, other)).status).toBe(403);
      const out = await http.patch<Row>(`/realuses/${checkedIn.body.id}`, {}, member);
      expect(out.status).toBe(200);
      expect(out.body.realUseEndDtm).toMatch(/T10:40:\d\d\+09:00$/);
      expect((await http.get<Row>(`/bookings/${bookingId}`, member)).body.status).toBe('USED');
      // The rest of the slot is free again for someone else.
      const rest = await http.post('/bookings', { roomId, ...slotOn(day, 10.75, 11) }, other);
      expect(rest.status).toBe(201);
    });

    it('marks a confirmed booking nobody checked in within 15 minutes NO_SHOW, and frees its room', async () => {
      const { http } = system;
      const day = futureDay();
      const slot = slotOn(day, 14, 15);
      const bookingId = await bookAndApprove(slot);
      setClockTo(slot.useStartDtm, 10);
      expect((await http.get<Row>(`/bookings/${bookingId}`, member)).body.status).toBe('CONFIRMED');
      setClockTo(slot.useStartDtm, 16);
      await bookingIn(http, member, bookingId, 'NO_SHOW');
      const late = await http.post<Problem>('/realuses', { bookingId }, member);
      expect(late.status).toBe(409);
      const rest = await http.post('/bookings', { roomId, ...slotOn(day, 14.5, 15) }, other);
      expect(rest.status).toBe(201);
    });

    it('answers a check-in with 503 while booking fails, and records nothing', async () => {
      const { http } = system;
      const slot = slotOn(futureDay(), 9, 10);
      const bookingId = await bookAndApprove(slot);
      setClockTo(slot.useStartDtm, 0);
      system.fail('booking', 500);
      try {
        const refused = await http.post<Problem>('/realuses', { bookingId }, member);
        expect(refused.status).toBe(503);
        expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      } finally {
        system.heal('booking');
      }
      expect((await http.get<Row[]>(`/realuses?bookingId=${bookingId}`, member)).body).toEqual([]);
      expect((await http.get<Row>(`/bookings/${bookingId}`, member)).body.status).toBe('CONFIRMED');
      const checkedIn = await waitFor(
        async () => {
          const answer = await http.post<Row>('/realuses', { bookingId }, member);
          return answer.status === 201 ? answer.body : undefined;
        },
        { what: 'check-in once booking is healed' },
      );
      expect(checkedIn.bookingId).toBe(bookingId);
    });
  });
}
