import type { SystemAddresses } from '@mosaic/kit/runtime';
import type { Role } from './contracts/events.ts';

/**
 * The demo office a newcomer finds on the first start: an admin, three members (45678 is the booker of the
 * seed's team scenario) and two rooms. Written through the services' own routes as an admin, so it obeys every
 * rule a client meets; skipped when the office has members besides its first admin, so it never mixes into a
 * real one.
 */
export const DEMO_MEMBERS: readonly { userId: string; name: string; email: string; role: Role }[] = [
  { userId: '00001', name: '김관리', email: 'admin@rooms.example', role: 'admin' },
  { userId: '45678', name: '이예약', email: 'lee@rooms.example', role: 'member' },
  { userId: '06675', name: '박회의', email: 'park@rooms.example', role: 'member' },
  { userId: '06719', name: '최사용', email: 'choi@rooms.example', role: 'member' },
];

/** The rooms of the seed's scenarios, by their numbers: 556677 (team), 1 (userone), 101 (README). */
export const DEMO_ROOMS = [
  { id: 1, name: 'Room 1', capacity: 4 },
  { id: 101, name: 'Room 101', capacity: 6 },
  { id: 556677, name: 'Conference room 556677', capacity: 12 },
] as const;

/** Each demo member signs in with their id after `rooms-` (`rooms-45678`). */
export const demoPassword = (userId: string) => `rooms-${userId}`;

/** The demo writes as the office's first admin (member/bootstrap.ts), whom the system vouches for. */
const FIRST_ADMIN = { sub: '00000', role: 'admin' } as const;

export async function seedRoomsDemo(system: SystemAddresses): Promise<boolean> {
  const existing = await call<{ userId: string }[]>(system, 'member', 'GET', '/members');
  if (existing.some((m) => m.userId !== FIRST_ADMIN.sub)) return false;
  for (const member of DEMO_MEMBERS) {
    await call(system, 'member', 'POST', '/members', { ...member, password: demoPassword(member.userId) });
  }
  for (const room of DEMO_ROOMS) await call(system, 'booking', 'POST', '/rooms', room);
  return true;
}

/** The `demo` hook: seed on a first start, and say who can sign in. */
export async function roomsDemo(system: SystemAddresses): Promise<string | undefined> {
  const seeded = await seedRoomsDemo(system);
  const members = await call<{ userId: string }[]>(system, 'member', 'GET', '/members');
  if (!members.some((m) => m.userId === DEMO_MEMBERS[0]?.userId)) return undefined;
  return [
    `rooms demo ${seeded ? 'seeded' : 'seeded earlier'} (${system.gatewayUrl}); sign in with POST /members/login {"userId","password"}:`,
    ...DEMO_MEMBERS.map((m) => `  ${m.role.padEnd(6)}  ${m.userId}  ${demoPassword(m.userId)}  ${m.name}`),
    `  admin   ${FIRST_ADMIN.sub}  (the first admin: MOSAIC_ROOMS_ADMIN_PASSWORD, or the password printed at first start)`,
    `  rooms: ${DEMO_ROOMS.map((r) => `${r.id} ${r.name} (${r.capacity} seats)`).join(', ')}`,
  ].join('\n');
}

/** The `demoCallers` hook: signs in through the gateway, as a client would, as the demo admin and a member. */
export async function roomsDemoCallers(system: SystemAddresses): Promise<Record<string, string>> {
  const callers: Record<string, string> = {};
  for (const role of ['admin', 'member'] as const) {
    const who = DEMO_MEMBERS.find((m) => m.role === role);
    if (!who) continue;
    const answer = await fetch(`${system.gatewayUrl}/members/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: who.userId, password: demoPassword(who.userId) }),
    });
    const body = (await answer.json()) as { accessToken?: string; detail?: string };
    if (!answer.ok || !body.accessToken) {
      throw new Error(
        `the demo ${role} ${who.userId} could not sign in (${answer.status}: ${body.detail ?? 'no token'})`,
      );
    }
    callers[role] = `Bearer ${body.accessToken}`;
  }
  return callers;
}

async function call<T = unknown>(
  system: SystemAddresses,
  service: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const base = system.services.get(service)?.url;
  if (!base) throw new Error(`the rooms demo needs the ${service} service running`);
  const headers: Record<string, string> = { ...system.vouchedHeaders(FIRST_ADMIN) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`rooms demo: ${method} ${path} answered ${response.status}: ${text}`);
  // The shape each caller names is the route's success body.
  return JSON.parse(text) as T;
}
