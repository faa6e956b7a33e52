import { type JsonClient, type TestSystem, waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDtm } from '../contracts/times.ts';
import { ADMIN, approve, confirmOf, futureDay, MEMBER, type Row, signIn, slotOn } from './fixtures.ts';

/**
 * The seed's own scenarios (spec §10), replayed through the gateway with the ids the system gave, on future
 * dates (a booking in 2020 is refused now: slots must be in the future). Then what the seed never tried:
 * notification down through a day of activity, and the views rebuilt from the log.
 */
let shiftMs = 0;
const clock = () => new Date(Date.now() + shiftMs);
const setClockTo = (slotStart: string, minutes: number) => {
  shiftMs = (parseDtm(slotStart)?.getTime() ?? Number.NaN) + minutes * 60_000 - Date.now();
};

/** Run on each runtime: scenarios.test.ts (embedded) and scenarios.distributed.test.ts (the engines). */
export function scenariosSuite(start: (clock: () => Date) => Promise<TestSystem>) {
  let system: TestSystem;
  let member: Record<string, string>;
  let user: Record<string, string>;
  let admin: Record<string, string>;
  /** The seed's userone booker was "1111", four digits; ours are five. */
  const USE_BOOKER = '06719';

  beforeAll(async () => {
    system = await start(clock);
    member = await signIn(system.http, MEMBER);
    user = await signIn(system.http, USE_BOOKER);
    admin = await signIn(system.http, ADMIN);
  });
  afterAll(() => system?.close());

  /** The notice about `bookingId` with these words, once notification has made it. */
  function notice(http: JsonClient, who: Record<string, string>, userId: string, bookingId: number, contents: string) {
    return waitFor(
      async () => {
        const list = await http.get<Row[]>(`/notifications?userId=${userId}&bookingId=${bookingId}`, who);
        return list.status === 200 ? list.body.find((n) => n.contents === contents) : undefined;
      },
      { what: `"${contents}" for booking ${bookingId}` },
    );
  }

  /** The saga's record as its owner keeps it (`/admin/sagas/<name>/<bookingId>`, operators only). */
  function sagaIn(owner: string, saga: string, bookingId: number, status: string) {
    return waitFor(
      async () => {
        const found = await system.operator(owner).get<{ status: string }>(`/admin/sagas/${saga}/${bookingId}`);
        return found.status === 200 && found.body.status === status ? found.body : undefined;
      },
      { what: `the ${saga} saga of booking ${bookingId} to be ${status}` },
    );
  }

  function listRow(http: JsonClient, view: string, bookingId: number, ready: (row: Row) => boolean) {
    return waitFor(
      async () => {
        const list = await http.get<Row[]>(`/${view}?bookingId=${bookingId}`, admin);
        const row = list.status === 200 ? list.body[0] : undefined;
        return row && ready(row) ? row : undefined;
      },
      { what: `the ${view} row of booking ${bookingId}` },
    );
  }

  describe("the seed's scenarios", () => {
    it('team: book, BOOKED request, notice, list row, deny, cancel notice, booking CANCELLED (not 404)', async () => {
      const { http } = system;
      shiftMs = 0;
      // 1. POST /bookings roomId=556677 bookingUserId=45678, 13:30–14:30.
      const slot = slotOn(futureDay(), 13.5, 14.5);
      const booked = await http.post<Row>('/bookings', { roomId: 556677, bookingUserId: MEMBER, ...slot }, member);
      expect(booked.status).toBe(201);
      expect(booked.headers.get('location')).toBe(`/bookings/${booked.body.id}`);
      const bookingId = booked.body.id;
      expect(booked.body).toMatchObject({ roomId: 556677, bookingUserId: MEMBER, status: 'REQUESTED' });
      // 2. GET /confirms/{id}: BOOKED, for the booker, with the booking's id (the seed's step 2).
      const request = await confirmOf(http, admin, bookingId, 'BOOKED');
      const got = await http.get<Row>(`/confirms/${request.id}`, admin);
      expect(got.body).toMatchObject({ bookingId, status: 'BOOKED', userId: MEMBER, confirmDtm: null });
      // 3. The notice, to the real booker.
      await notice(http, member, MEMBER, bookingId, 'conference room[556677] reservation is complete');
      // 4. The list row (the seed's showed confirm fields null; ours shows the request waiting).
      const row = await listRow(http, 'bookingLists', bookingId, (r) => r.confirmStatus === 'BOOKED');
      expect(row).toMatchObject({
        bookingUserId: MEMBER,
        roomId: 556677,
        bookingStatus: 'REQUESTED',
        confirmId: request.id,
      });
      expect(row.useStartDtm).toBe(booked.body.useStartDtm);
      // 5. PATCH /confirms/{id} DENIED.
      const denied = await http.patch<Row>(`/confirms/${request.id}`, { status: 'DENIED' }, admin);
      expect(denied.status).toBe(200);
      expect(denied.body).toMatchObject({ bookingId, status: 'DENIED', userId: MEMBER, confirmUserId: ADMIN });
      // 6. The cancel notice (and the denial's own, which the seed never sent).
      await notice(http, member, MEMBER, bookingId, 'reservation has been canceled');
      await notice(http, member, MEMBER, bookingId, `Booking Number[ ${bookingId} ] reservation has been denied`);
      // 7. The seed answered 404 (it deleted the booking); ours keeps the record, so the booker sees why.
      const after = await http.get<Row>(`/bookings/${bookingId}`, member);
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ status: 'CANCELLED', cancelCause: 'denied' });
      await listRow(
        http,
        'bookingLists',
        bookingId,
        (r) => r.confirmStatus === 'DENIED' && r.bookingStatus === 'CANCELLED',
      );
      // The approval saga's record: ended by the cancellation, nothing left to undo.
      await sagaIn('booking', 'approval', bookingId, 'compensated');
    });

    it('userone: check in, use-started notice with the real id and booker, check out, roomUseLists', async () => {
      const { http } = system;
      shiftMs = 0;
      const slot = slotOn(futureDay(), 9.5, 10.5);
      const booked = await http.post<Row>('/bookings', { roomId: 1, ...slot }, user);
      expect(booked.status).toBe(201);
      const bookingId = booked.body.id;
      await approve(http, admin, bookingId);
      setClockTo(slot.useStartDtm, 2);
      const started = await http.post<Row>('/realuses', { bookingId }, user);
      expect(started.status).toBe(201);
      // The seed sent this to "99999" (R-B17), and with no bookingId to "Booking Number[ null ]" (R-B7).
      await notice(http, user, USE_BOOKER, bookingId, `Booking Number[ ${bookingId} ] is use started`);
      setClockTo(slot.useStartDtm, 50);
      const ended = await http.patch<Row>(`/realuses/${started.body.id}`, {}, user);
      expect(ended.status).toBe(200);
      // The seed deleted the booking here (GET → 404); ours completes it.
      expect((await http.get<Row>(`/bookings/${bookingId}`, user)).body.status).toBe('USED');
      const row = await listRow(http, 'roomUseLists', bookingId, (r) => r.realUseEndDtm !== null);
      expect(row).toMatchObject({
        bookingId,
        roomId: 1,
        bookingUserId: USE_BOOKER,
        bookedUseStartDtm: booked.body.useStartDtm,
        bookedUseEndDtm: booked.body.useEndDtm,
        realUseStartDtm: started.body.realUseStartDtm,
        realUseEndDtm: ended.body.realUseEndDtm,
      });
      await sagaIn('booking', 'approval', bookingId, 'completed');
      await sagaIn('realuse', 'use', bookingId, 'completed');
    });
  });

  describe('beyond the seed', () => {
    it('keeps booking, approving and checking in while notification is down, then notifies each change once', async () => {
      const { http } = system;
      shiftMs = 0;
      await system.stopService('notification');
      const day = futureDay();
      const ids: number[] = [];
      try {
        for (const hour of [9, 11, 13]) {
          const booked = await http.post<Row>('/bookings', { roomId: 101, ...slotOn(day, hour, hour + 1) }, member);
          expect(booked.status).toBe(201);
          ids.push(booked.body.id);
        }
        const [kept, denied, cancelled] = ids as [number, number, number];
        await approve(http, admin, kept);
        setClockTo(slotOn(day, 9, 10).useStartDtm, 0);
        expect((await http.post('/realuses', { bookingId: kept }, member)).status).toBe(201);
        shiftMs = 0;
        const request = await confirmOf(http, admin, denied, 'BOOKED');
        expect((await http.patch(`/confirms/${request.id}`, { status: 'DENIED' }, admin)).status).toBe(200);
        expect((await http.delete(`/bookings/${cancelled}`, member)).status).toBe(200);
        expect((await http.get('/notifications', member)).status).toBe(503);
      } finally {
        await system.startService('notification');
      }
      const expected = 3 + 3 + 2; // created+confirmed+use started, created+denied+canceled, created+canceled
      const count = async () => {
        let n = 0;
        for (const id of ids)
          n += (await http.get<Row[]>(`/notifications?bookingId=${id}&size=100`, member)).body.length;
        return n;
      };
      await waitFor(async () => (await count()) >= expected, { what: `${expected} notices`, timeoutMs: 20_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await count()).toBe(expected);
    });

    it('rebuilds both views from the log to the same rows', async () => {
      const { http } = system;
      const before = {
        bookingLists: (await http.get<Row[]>('/bookingLists?size=100', admin)).body,
        roomUseLists: (await http.get<Row[]>('/roomUseLists?size=100', admin)).body,
      };
      expect(before.bookingLists.length).toBeGreaterThan(3);
      const operator = system.operator('lists');
      for (const view of ['bookingLists', 'roomUseLists'] as const) {
        const rebuild = await operator.post(`/admin/views/${view}/rebuild`);
        expect(rebuild.status, JSON.stringify(rebuild.body)).toBe(202);
        const byBooking = (rows: Row[]) => rows.map(({ id: _id, ...rest }) => rest);
        await waitFor(
          async () => {
            const after = (await http.get<Row[]>(`/${view}?size=100`, admin)).body;
            // New row ids: the rows were dropped and made again from the events, not left standing.
            const remade = after.every((row) => !before[view].some((old) => old.id === row.id));
            return remade && JSON.stringify(byBooking(after)) === JSON.stringify(byBooking(before[view]));
          },
          { what: `${view} rebuilt to the same rows`, timeoutMs: 20_000 },
        );
      }
    });
  });
}
