import { defineSystem, type SystemDefinition } from '@mosaic/kit/runtime';
import { type JsonClient, startTestSystem, type TestSystem, waitFor } from '@mosaic/kit/testing';
import { expect } from 'vitest';
import { DEMO_MEMBERS, demoPassword, seedRoomsDemo } from '../demo.ts';
import { rooms } from '../system.ts';

/** The first admin's password (member/bootstrap.ts), so no test prints a generated one. */
export const FIRST_ADMIN_PASSWORD = 'first-admin-password';
process.env.MOSAIC_ROOMS_ADMIN_PASSWORD = FIRST_ADMIN_PASSWORD;

/** A row of any answer, read field by field by the test that asked for it. */
export type Row = Record<string, unknown> & { id: number };

export const ADMIN = '00001';
/** The seed's team-scenario booker, and two more members. */
export const MEMBER = '45678';
export const OTHER_MEMBER = '06675';

/** The rooms system with every database on one engine (distributed runtime only; embedded is always PGlite). */
export function roomsOn(storage: 'postgres' | 'mysql'): SystemDefinition {
  return defineSystem({
    ...rooms,
    services: rooms.services.map((s) => ({ ...s, definition: { ...s.definition, storage } })),
  });
}

/** Starts the system and seeds the demo office (members and rooms), as `mosaic up` would. */
export async function startRooms(
  runtime: 'embedded' | 'distributed' = 'embedded',
  definition: SystemDefinition = rooms,
  clock?: () => Date,
): Promise<TestSystem> {
  const system = await startTestSystem(definition, { runtime, ...(clock ? { clock } : {}) });
  try {
    await seedRoomsDemo(system);
  } catch (error) {
    await system.close();
    throw error;
  }
  return system;
}

/** `Authorization` headers of a demo member, signed in through the gateway. */
export async function signIn(http: JsonClient, userId: string): Promise<Record<string, string>> {
  if (!DEMO_MEMBERS.some((m) => m.userId === userId)) throw new Error(`${userId} is not a demo member`);
  const answer = await http.post<{ accessToken: string }>('/members/login', { userId, password: demoPassword(userId) });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return { authorization: `Bearer ${answer.body.accessToken}` };
}

let slotDay = 0;

/** A day in the future: each call a day later than the last, so tests never collide unless they mean to. */
export function futureDay(): Date {
  slotDay++;
  return new Date(Date.now() + slotDay * 86_400_000);
}

/** A slot on a fresh future day, in the seed's `yyyyMMddHHmm` Korea time. */
export function futureSlot(startHour = 10, hours = 1): { useStartDtm: string; useEndDtm: string } {
  return slotOn(futureDay(), startHour, startHour + hours);
}

/** `[fromHour, toHour)` on the Korea-time date of `day`, as yyyyMMddHHmm (fractions of an hour allowed). */
export function slotOn(day: Date, fromHour: number, toHour: number) {
  const kst = new Date(day.getTime() + 9 * 3_600_000);
  const date = kst.toISOString().slice(0, 10).replaceAll('-', '');
  const at = (h: number) =>
    `${date}${String(Math.floor(h)).padStart(2, '0')}${String(Math.round((h % 1) * 60)).padStart(2, '0')}`;
  return { useStartDtm: at(fromHour), useEndDtm: at(toHour) };
}

/** The first demo room's id (the catalogue is seeded in order). */
export async function firstRoomId(http: JsonClient, auth: Record<string, string>): Promise<number> {
  const list = await http.get<Row[]>('/rooms', auth);
  expect(list.status).toBe(200);
  const room = list.body[0];
  if (!room) throw new Error('the demo rooms are missing');
  return room.id;
}

/** The confirm request of a booking, once confirm has made it from BookingCreated. */
export function confirmOf(http: JsonClient, admin: Record<string, string>, bookingId: number, status?: string) {
  return waitFor(
    async () => {
      const list = await http.get<Row[]>(`/confirms?bookingId=${bookingId}`, admin);
      const row = list.status === 200 ? list.body[0] : undefined;
      return row && (!status || row.status === status) ? row : undefined;
    },
    { what: `the confirm request of booking ${bookingId}${status ? ` to be ${status}` : ''}` },
  );
}

/** A booking once its status is `status` (approval reaches booking by event). */
export function bookingIn(http: JsonClient, auth: Record<string, string>, bookingId: number, status: string) {
  return waitFor(
    async () => {
      const found = await http.get<Row>(`/bookings/${bookingId}`, auth);
      return found.status === 200 && found.body.status === status ? found.body : undefined;
    },
    { what: `booking ${bookingId} to be ${status}` },
  );
}

/** Approves a booking as the admin and waits until booking has heard it. */
export async function approve(http: JsonClient, admin: Record<string, string>, bookingId: number) {
  const request = await confirmOf(http, admin, bookingId, 'BOOKED');
  const confirmed = await http.patch<Row>(`/confirms/${request.id}`, { status: 'CONFIRMED' }, admin);
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  return bookingIn(http, admin, bookingId, 'CONFIRMED');
}
