import { startTestSystem } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MEMBERS, roomsDemo, roomsDemoCallers } from './demo.ts';
import { rooms } from './system.ts';

process.env.MOSAIC_ROOMS_ADMIN_PASSWORD = 'first-admin-password';

describe('the rooms demo', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  beforeAll(async () => {
    system = await startTestSystem(rooms);
  });
  afterAll(() => system?.close());

  it('seeds the office once, says who can sign in, and signs the demo admin and member in', async () => {
    const first = await roomsDemo(system);
    expect(first).toMatch(/^rooms demo seeded \(/);
    for (const m of DEMO_MEMBERS) expect(first).toContain(`${m.userId}  rooms-${m.userId}`);
    expect(await roomsDemo(system)).toMatch(/^rooms demo seeded earlier/);
    const callers = await roomsDemoCallers(system);
    expect(Object.keys(callers).sort()).toEqual(['admin', 'member']);
    const rooms = await system.http.get<unknown[]>('/rooms', { authorization: callers.member ?? '' });
    expect(rooms.body).toHaveLength(3);
  });
});
