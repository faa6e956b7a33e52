import type { Problem } from '@mosaic/kit/service';
import { type TestSystem, waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bookingIn, confirmOf, firstRoomId, futureSlot, MEMBER, type Row, signIn } from './fixtures.ts';

/** The admins' approval, with booking reachable and not (approval.test.ts; approval.distributed.test.ts). */
export function approvalSuite(start: () => Promise<TestSystem>) {
  let system: TestSystem;
  let member: Record<string, string>;
  let admin: Record<string, string>;
  let roomId: number;

  beforeAll(async () => {
    system = await start();
    member = await signIn(system.http, MEMBER);
    admin = await signIn(system.http, ADMIN);
    roomId = await firstRoomId(system.http, member);
  });
  afterAll(() => system?.close());

  const book = async () => {
    const booked = await system.http.post<Row>('/bookings', { roomId, ...futureSlot() }, member);
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    return booked.body.id;
  };

  describe('approving and denying', () => {
    it("replays the seed's team scenario: book, BOOKED request, deny, booking CANCELLED (kept, not 404)", async () => {
      const { http } = system;
      const bookingId = await book();
      const request = await confirmOf(http, admin, bookingId, 'BOOKED');
      expect(request).toMatchObject({ bookingId, userId: MEMBER, status: 'BOOKED', confirmDtm: null });
      const queue = await http.get<Row[]>('/confirms?status=BOOKED&size=100', admin);
      expect(queue.body.map((c) => c.id)).toContain(request.id);

      const denied = await http.patch<Row>(`/confirms/${request.id}`, { status: 'DENIED' }, admin);
      expect(denied.status, JSON.stringify(denied.body)).toBe(200);
      expect(denied.body).toMatchObject({ id: request.id, bookingId, status: 'DENIED', confirmUserId: ADMIN });
      expect(denied.body.confirmDtm).toMatch(/\+09:00$/);
      // The seed deleted the booking (GET → 404); ours keeps its record, so the booker can see what happened.
      const booking = await http.get<Row>(`/bookings/${bookingId}`, member);
      expect(booking.body).toMatchObject({ status: 'CANCELLED', cancelCause: 'denied', cancelledBy: ADMIN });
      // Denying again changes nothing and is no error (the seed answered 500).
      const again = await http.patch<Row>(`/confirms/${request.id}`, { status: 'DENIED' }, admin);
      expect(again.status).toBe(200);
      expect(again.body.confirmDtm).toBe(denied.body.confirmDtm);
    });

    it('confirms a booking, and then refuses to deny it', async () => {
      const { http } = system;
      const bookingId = await book();
      const request = await confirmOf(http, admin, bookingId);
      const confirmed = await http.patch<Row>(`/confirms/${request.id}`, { status: 'CONFIRMED' }, admin);
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ status: 'CONFIRMED', confirmUserId: ADMIN });
      await bookingIn(http, member, bookingId, 'CONFIRMED');
      const deny = await http.patch<Problem & { rule?: string }>(
        `/confirms/${request.id}`,
        { status: 'DENIED' },
        admin,
      );
      expect(deny.status).toBe(409);
      expect(deny.body.rule).toBe('confirm-decided');
      expect((await http.get<Row>(`/bookings/${bookingId}`, member)).body.status).toBe('CONFIRMED');
    });

    it('withdraws the request of a booking its booker cancelled (the seed never built it)', async () => {
      const { http } = system;
      const bookingId = await book();
      const request = await confirmOf(http, admin, bookingId, 'BOOKED');
      expect((await http.delete<Row>(`/bookings/${bookingId}`, member)).body.status).toBe('CANCELLED');
      await confirmOf(http, admin, bookingId, 'WITHDRAWN');
      const queue = await http.get<Row[]>('/confirms?status=BOOKED&size=100', admin);
      expect(queue.body.map((c) => c.id)).not.toContain(request.id);
      const late = await http.patch<Problem>(`/confirms/${request.id}`, { status: 'CONFIRMED' }, admin);
      expect(late.status).toBe(409);
    });

    it('answers a denial with 503 and Retry-After while booking fails, changing nothing', async () => {
      const { http } = system;
      const bookingId = await book();
      const request = await confirmOf(http, admin, bookingId, 'BOOKED');
      system.fail('booking', 500);
      try {
        const denied = await http.patch<Problem>(`/confirms/${request.id}`, { status: 'DENIED' }, admin);
        expect(denied.status).toBe(503);
        expect(denied.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(denied.body.detail).toMatch(/nothing was changed/);
      } finally {
        system.heal('booking');
      }
      expect((await http.get<Row>(`/confirms/${request.id}`, admin)).body.status).toBe('BOOKED');
      expect((await http.get<Row>(`/bookings/${bookingId}`, member)).body.status).toBe('REQUESTED');
      const denied = await http.patch<Row>(`/confirms/${request.id}`, { status: 'DENIED' }, admin);
      expect(denied.status).toBe(200);
      expect((await http.get<Row>(`/bookings/${bookingId}`, member)).body.status).toBe('CANCELLED');
    });

    it('answers a denial with 503 while booking is stopped, and denies once it is back', async () => {
      const { http } = system;
      const bookingId = await book();
      const request = await confirmOf(http, admin, bookingId, 'BOOKED');
      await system.stopService('booking');
      try {
        const denied = await http.patch<Problem>(`/confirms/${request.id}`, { status: 'DENIED' }, admin);
        expect(denied.status).toBe(503);
        expect(Number(denied.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect((await http.get<Row>(`/confirms/${request.id}`, admin)).body.status).toBe('BOOKED');
      } finally {
        await system.startService('booking');
      }
      expect((await http.get<Row>(`/bookings/${bookingId}`, member)).body.status).toBe('REQUESTED');
      await waitFor(
        async () => (await http.patch(`/confirms/${request.id}`, { status: 'DENIED' }, admin)).status === 200,
        { what: 'the denial to go through once booking is back', timeoutMs: 20_000, intervalMs: 500 },
      );
      expect((await http.get<Row>(`/bookings/${bookingId}`, member)).body).toMatchObject({
        status: 'CANCELLED',
        cancelCause: 'denied',
      });
    });
  });
}
