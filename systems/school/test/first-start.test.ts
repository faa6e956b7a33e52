import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDemo, seedSchoolDemo } from '../demo.ts';
import { school } from '../system.ts';
import type { ChildrenRead } from './envelopes.ts';
import { type School, startSchool } from './school-fixtures.ts';

describe('the first start', () => {
  let s: School;
  beforeAll(async () => {
    s = await startSchool();
  });
  afterAll(() => s?.close());

  it('seeds a demo school once, whose logins work, and never into a school that has accounts', async () => {
    const demo = await seedSchoolDemo(s.system);
    if (!demo) throw new Error('the demo was not seeded into an empty school');
    expect(demo.logins.map((l) => `${l.role}:${l.id}`)).toEqual([
      'teacher:teacher1',
      'teacher:teacher2',
      'student:student1',
      'student:student2',
      'student:student3',
      'parent:parent1',
    ]);
    for (const login of demo.logins) {
      expect((await s.login(login.role, login.id, login.password)).uuid).toBe(login.uuid);
    }
    const parent = demo.logins.find((l) => l.role === 'parent')!;
    const child = demo.logins.find((l) => l.id === 'student1')!;
    const parentToken = (await s.login('parent', parent.id, parent.password)).token;
    const children = await s.as(parentToken).get<ChildrenRead>(`/v1/parents/uuid/${parent.uuid}/children`);
    expect(children.body.children.map((c) => c.student_uuid)).toEqual([child.uuid]);
    if (s.system.services.has('club')) expect(demo.clubUuid).toMatch(/^club-\d{12}$/);
    const text = describeDemo(demo, s.system.gatewayUrl);
    expect(text).toContain('teacher1');
    expect(text).toContain('student1-pw');

    expect(await seedSchoolDemo(s.system)).toBeUndefined();
  });

  it('is skipped with MOSAIC_SCHOOL_DEMO=0', async () => {
    process.env.MOSAIC_SCHOOL_DEMO = '0';
    try {
      expect(await seedSchoolDemo(s.system)).toBeUndefined();
    } finally {
      delete process.env.MOSAIC_SCHOOL_DEMO;
    }
  });
});

describe('the per-IP limit as configured for the school', () => {
  let s: School;
  beforeAll(async () => {
    s = await startSchool({ definition: school });
  });
  afterAll(() => s?.close());

  it('answers the 51st request within a second with 429, then blocks the IP with 403 and Retry-After', async () => {
    // A fresh window (the one sign-in opened has passed), then 60 at once: the seed's limit is 50 per second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const statuses = await Promise.all(
      Array.from({ length: 60 }, async () => {
        // A path no route has: the gateway answers it itself (404), so the burst is not slowed by any upstream.
        const response = await fetch(`${s.system.gatewayUrl}/v1/no-such-route`);
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses.filter((st) => st === 404).length).toBeLessThanOrEqual(50);
    expect(statuses).toContain(429);
    const blocked = await fetch(`${s.system.gatewayUrl}/.well-known/jwks.json`);
    expect(blocked.status).toBe(403);
    expect(blocked.headers.get('retry-after')).not.toBeNull();
    expect(await blocked.json()).toMatchObject({ status: 403, code: expect.any(Number), message: expect.any(String) });
  });
});
