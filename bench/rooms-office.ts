// The office a rooms siege needs, made through the gateway as an office would: the first admin signs in and
// adds one member per siege client; before each measured run, fresh rooms and, per client, bookings that are
// CONFIRMED (booked by the member, approved by the admin) and open for check-in for the whole run.

import { expectBody, idOf, type RoomsClient, rowsOf } from './rooms-http.ts';
import type { BenchSystem, BenchTarget, Runtime } from './system-processes.ts';
import { startDistributed, startEmbedded } from './system-processes.ts';

/** The first admin's password: rooms creates admin `00000` with it on its first start. */
const ADMIN_PASSWORD = 'bench-rooms-admin';
const FIRST_ADMIN = '00000';

/** The bench makes its own office (members, rooms): no demo bookings or rooms in the way. */
const ROOMS: BenchTarget = { system: 'rooms', upFlags: ['--no-demo'] };

export function startRooms(runtime: Runtime, extraEnv: Record<string, string> = {}): Promise<BenchSystem> {
  const env = { MOSAIC_ROOMS_ADMIN_PASSWORD: ADMIN_PASSWORD, ...extraEnv };
  return runtime === 'embedded' ? startEmbedded(ROOMS, env) : startDistributed(ROOMS, undefined, env);
}

export interface Office {
  adminToken: string;
  /** One signed-in member per siege client (the most clients of any run). */
  members: { userId: string; token: string }[];
}

async function login(gw: RoomsClient, userId: string, password: string): Promise<string> {
  const body = expectBody(await gw.post('/members/login', { userId, password }), 200, `login ${userId}`);
  const token = typeof body === 'object' && body !== null && 'accessToken' in body ? body.accessToken : undefined;
  if (typeof token !== 'string') throw new Error(`login ${userId}: no accessToken`);
  return token;
}

/** Runs `work` over `items`, `width` at a time (the office's set-up is not what is measured). */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

export async function openOffice(gw: RoomsClient, clients: number): Promise<Office> {
  const adminToken = await login(gw, FIRST_ADMIN, ADMIN_PASSWORD);
  const ids = Array.from({ length: clients }, (_, i) => String(70_000 + i));
  const members: Office['members'] = [];
  await inParallel(ids, 8, async (userId) => {
    const password = `bench-${userId}`;
    const member = { userId, name: `Siege ${userId}`, email: `siege${userId}@rooms.example`, role: 'member', password };
    expectBody(await gw.post('/members', member, adminToken), 201, `add member ${userId}`);
    members.push({ userId, token: await login(gw, userId, password) });
  });
  members.sort((a, b) => a.userId.localeCompare(b.userId));
  return { adminToken, members };
}

/** Each booking's slot: one second, so a room holds 60 in the minute every slot of a run falls in. */
const SLOT_MS = 1_000;
const SLOTS_PER_ROOM = 60;
/**
 * Every slot starts between 9 and 10 minutes after the preparation starts: in the future when booked, open
 * for check-in at once (10 minutes' grace before the start), and not over before 9 minutes, far longer than a
 * preparation and a run take (checked: a slot over would be a failed check-in, not the system's fault).
 */
const FIRST_SLOT_AFTER_MS = 9 * 60_000;

let roomsMade = 0;

/**
 * `perClient` CONFIRMED bookings for each of the first `clients` members, on fresh rooms: the member books, the
 * admin approves from the queue (`GET /confirms?status=BOOKED`, `PATCH /confirms/{id}`), and the bench waits
 * until booking shows every one CONFIRMED (approval reaches booking by event). Returns each client's booking
 * ids in slot order, and when the first slot ends.
 */
export async function confirmedBookings(gw: RoomsClient, office: Office, clients: number, perClient: number) {
  const startedAt = Date.now();
  const firstSlot = startedAt + FIRST_SLOT_AFTER_MS;
  const roomsPerClient = Math.ceil(perClient / SLOTS_PER_ROOM);
  const plan: { client: number; roomId: number; slot: number }[] = [];
  const roomIds: number[] = [];
  for (let client = 0; client < clients; client++) {
    for (let r = 0; r < roomsPerClient; r++) {
      const roomId = 900_000 + ++roomsMade;
      roomIds.push(roomId);
      for (let slot = 0; slot < SLOTS_PER_ROOM && r * SLOTS_PER_ROOM + slot < perClient; slot++) {
        plan.push({ client, roomId, slot });
      }
    }
  }
  await inParallel(roomIds, 8, async (id) => {
    idOf(await gw.post('/rooms', { id, name: `Siege room ${id}`, capacity: 4 }, office.adminToken), 201, 'room');
  });
  const booked: { client: number; slot: number; roomId: number; id: number }[] = [];
  await inParallel(plan, 16, async ({ client, roomId, slot }) => {
    const member = office.members[client];
    if (!member) throw new Error(`no member for client ${client}`);
    const start = firstSlot + slot * SLOT_MS;
    const body = {
      roomId,
      useStartDtm: new Date(start).toISOString(),
      useEndDtm: new Date(start + SLOT_MS).toISOString(),
    };
    booked.push({ client, slot, roomId, id: idOf(await gw.post('/bookings', body, member.token), 201, 'book') });
  });
  await approveAll(gw, office, new Set(booked.map((b) => b.id)));
  await untilConfirmed(gw, office, roomIds);
  const byClient = Array.from({ length: clients }, (_, client) =>
    booked
      .filter((b) => b.client === client)
      .sort((a, b) => a.roomId - b.roomId || a.slot - b.slot)
      .map((b) => b.id),
  );
  return { byClient, slotsOpenUntil: firstSlot + SLOT_MS, preparedInMs: Date.now() - startedAt };
}

/** The admin works through the queue until every one of `ids` is approved (requests appear by event). */
async function approveAll(gw: RoomsClient, office: Office, ids: Set<number>): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (ids.size > 0) {
    if (Date.now() > deadline) throw new Error(`${ids.size} bookings never reached the admins' queue`);
    const queue = rowsOf(await gw.get('/confirms?status=BOOKED&size=100', office.adminToken), 'queue');
    const ours = queue.filter((c) => ids.has(Number(c.bookingId)));
    if (ours.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    await inParallel(ours, 16, async (c) => {
      expectBody(await gw.patch(`/confirms/${c.id}`, { status: 'CONFIRMED' }, office.adminToken), 200, 'approve');
      ids.delete(Number(c.bookingId));
    });
  }
}

/** Until no booking of these rooms is still REQUESTED (booking learns of each approval by event). */
async function untilConfirmed(gw: RoomsClient, office: Office, roomIds: number[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  const waiting = new Set(roomIds);
  while (waiting.size > 0) {
    if (Date.now() > deadline) throw new Error(`rooms ${[...waiting].join(', ')} still have REQUESTED bookings`);
    await inParallel([...waiting], 8, async (roomId) => {
      const path = `/bookings?status=REQUESTED&roomId=${roomId}&size=1`;
      if (rowsOf(await gw.get(path, office.adminToken), 'requested').length === 0) waiting.delete(roomId);
    });
    if (waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
