import type { TestSystem } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  confirmOf,
  FIRST_ADMIN_PASSWORD,
  firstRoomId,
  futureSlot,
  MEMBER,
  OTHER_MEMBER,
  type Row,
  signIn,
  startRooms,
} from './fixtures.ts';

/**
 * Who may do what, through the gateway (the seed had no accounts: anyone cancelled anyone's booking and
 * approved any request, R-G3). Anonymous callers are refused by the gateway everywhere but sign-in and the
 * keys; admin routes refuse members at the gateway; ownership is the services' check.
 */
let system: TestSystem;
let as: Record<'anonymous' | 'member' | 'other' | 'admin', Record<string, string>>;
let roomId: number;

beforeAll(async () => {
  system = await startRooms();
  const { http } = system;
  as = {
    anonymous: {},
    member: await signIn(http, MEMBER),
    other: await signIn(http, OTHER_MEMBER),
    admin: await signIn(http, ADMIN),
  };
  roomId = await firstRoomId(http, as.member);
});
afterAll(() => system?.close());

const bookAs = async (who: Record<string, string>) => {
  const booked = await system.http.post<Row>('/bookings', { roomId, ...futureSlot() }, who);
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return booked.body.id;
};

describe('roles on every route', () => {
  it('lets only admins add members and rooms, list members and decide requests', async () => {
    const { http } = system;
    const bookingId = await bookAs(as.member);
    const request = await confirmOf(http, as.admin, bookingId);
    const member = {
      userId: '12345',
      name: '정신입',
      email: 'jung@rooms.example',
      role: 'member',
      password: 'new-member-pw',
    };
    const adminOnly: [string, string, unknown][] = [
      ['POST', '/members', member],
      ['GET', '/members', undefined],
      ['POST', '/rooms', { id: 202, name: 'Room 202', capacity: 4 }],
      ['PATCH', `/confirms/${request.id}`, { status: 'CONFIRMED' }],
    ];
    for (const [method, path, body] of adminOnly) {
      expect((await http.call(method, path, body, as.anonymous)).status, `anonymous ${method} ${path}`).toBe(401);
      expect((await http.call(method, path, body, as.member)).status, `member ${method} ${path}`).toBe(403);
      expect((await http.call(method, path, body, as.admin)).status, `admin ${method} ${path}`).toBeLessThan(300);
    }
    const joined = await http.post('/members/login', { userId: '12345', password: 'new-member-pw' });
    expect(joined.status).toBe(200);
  });

  it('refuses anonymous callers on every member route, and serves signed-in members', async () => {
    const { http } = system;
    const bookingId = await bookAs(as.member);
    const request = await confirmOf(http, as.admin, bookingId);
    const memberRoutes: [string, string, unknown][] = [
      ['GET', `/members/${MEMBER}`, undefined],
      ['GET', '/rooms', undefined],
      ['GET', `/rooms/${roomId}`, undefined],
      ['GET', '/bookings', undefined],
      ['GET', `/bookings/${bookingId}`, undefined],
      ['GET', '/confirms', undefined],
      ['GET', `/confirms/${request.id}`, undefined],
      ['POST', '/bookings', { roomId, ...futureSlot() }],
      ['PATCH', `/bookings/${bookingId}`, futureSlot()],
      ['GET', '/realuses', undefined],
      ['GET', `/notifications?userId=${MEMBER}`, undefined],
      ['GET', '/bookingLists', undefined],
      ['GET', '/roomUseLists', undefined],
      ['DELETE', `/bookings/${bookingId}`, undefined],
    ];
    for (const [method, path, body] of memberRoutes) {
      expect((await http.call(method, path, body, as.anonymous)).status, `anonymous ${method} ${path}`).toBe(401);
      expect((await http.call(method, path, body, as.member)).status, `member ${method} ${path}`).toBeLessThan(300);
    }
    // Routes whose subject a test cannot make here (a use needs an approved booking in its slot): anonymous only.
    for (const [method, path, body] of [
      ['POST', '/realuses', { bookingId }],
      ['PATCH', '/realuses/1', {}],
      ['GET', '/realuses/1', undefined],
      ['GET', '/notifications/1', undefined],
      ['GET', '/bookingLists/1', undefined],
      ['GET', '/roomUseLists/1', undefined],
    ] as const) {
      expect((await http.call(method, path, body, as.anonymous)).status, `anonymous ${method} ${path}`).toBe(401);
    }
    expect((await http.get('/members/jwks.json')).status).toBe(200);
    const first = await http.post<Row>('/members/login', { userId: '00000', password: FIRST_ADMIN_PASSWORD });
    expect(first.body).toMatchObject({ member: { userId: '00000', role: 'admin' } });
    expect((await http.post('/members/login', { userId: MEMBER, password: 'wrong-password' })).status).toBe(401);
  });

  it("refuses a member who cancels, moves or reads another member's booking (403), and lets an admin", async () => {
    const { http } = system;
    const bookingId = await bookAs(as.member);
    expect((await http.patch(`/bookings/${bookingId}`, { status: 'CANCELLED' }, as.other)).status).toBe(403);
    expect((await http.delete(`/bookings/${bookingId}`, as.other)).status).toBe(403);
    expect((await http.patch(`/bookings/${bookingId}`, futureSlot(), as.other)).status).toBe(403);
    expect((await http.get(`/bookings/${bookingId}`, as.other)).status).toBe(403);
    expect((await http.get<Row>(`/bookings/${bookingId}`, as.member)).body.status).toBe('REQUESTED');
    const byAdmin = await http.delete<Row>(`/bookings/${bookingId}`, as.admin);
    expect(byAdmin.body).toMatchObject({ status: 'CANCELLED', cancelCause: 'admin', cancelledBy: ADMIN });
  });

  it("shows a member only their own bookings and requests, and refuses booking in another's name", async () => {
    const { http } = system;
    await bookAs(as.other);
    const mine = await http.get<Row[]>('/bookings?size=100', as.member);
    expect(mine.body.every((b) => b.bookingUserId === MEMBER)).toBe(true);
    const theirs = await http.get<Row[]>(`/bookings?bookingUserId=${OTHER_MEMBER}&size=100`, as.member);
    expect(theirs.body.every((b) => b.bookingUserId === MEMBER)).toBe(true);
    const requests = await http.get<Row[]>('/confirms?size=100', as.member);
    expect(requests.body.every((c) => c.userId === MEMBER)).toBe(true);
    expect((await http.get(`/members/${OTHER_MEMBER}`, as.member)).status).toBe(404);
    expect((await http.get(`/notifications?userId=${OTHER_MEMBER}`, as.member)).status).toBe(403);
    expect((await http.get(`/notifications?userId=${OTHER_MEMBER}`, as.admin)).status).toBe(200);
    const rows = await http.get<Row[]>('/bookingLists?size=100', as.member);
    expect(rows.body.every((r) => r.bookingUserId === MEMBER)).toBe(true);
    const inTheirName = await http.post(
      '/bookings',
      { roomId, ...futureSlot(), bookingUserId: OTHER_MEMBER },
      as.member,
    );
    expect(inTheirName.status).toBe(403);
    const forThem = await http.post<Row>(
      '/bookings',
      { roomId, ...futureSlot(), bookingUserId: OTHER_MEMBER },
      as.admin,
    );
    expect(forThem.body).toMatchObject({ bookingUserId: OTHER_MEMBER, status: 'REQUESTED' });
  });

  it('keeps the internal denial route off the gateway', async () => {
    const bookingId = await bookAs(as.member);
    const viaGateway = await system.http.post(`/internal/bookings/${bookingId}/denial`, {}, as.admin);
    expect(viaGateway.status).toBe(404);
  });
});
