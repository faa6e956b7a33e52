import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSchool, launchDemo, seedSchoolDemo } from './demo.ts';
import { DEMO_ACCOUNTS, standingDemoLogins } from './demo-logins.ts';
import { ADMIN_PASSWORD, type School, startSchool } from './test/school-fixtures.ts';

describe('the demo logins', () => {
  let s: School;
  let demo: DemoSchool;
  beforeAll(async () => {
    s = await startSchool();
    const seeded = await seedSchoolDemo(s.system);
    if (!seeded) throw new Error('the demo was not seeded into an empty school');
    demo = seeded;
  });
  afterAll(() => s?.close());
  const auth = () => s.system.service('auth').url;

  it('are the accounts the demo seeds, with the same uuids and passwords', async () => {
    expect(demo.logins.map(({ role, id, who }) => ({ role, id, who }))).toEqual(DEMO_ACCOUNTS);
    expect(await standingDemoLogins(auth())).toEqual(demo.logins);
  });

  it('are said on every later start while they sign in, and never the admin password', async () => {
    const said = await launchDemo(s.system);
    expect(said).toContain(`school demo seeded earlier (${s.system.gatewayUrl})`);
    for (const { id } of DEMO_ACCOUNTS) expect(said).toMatch(new RegExp(`\\b${id} +${id}-pw\\b`));
    expect(said).not.toContain(ADMIN_PASSWORD);
    expect(await launchDemo(s.system)).toBe(said);
  });

  it('leave out an account whose password was changed since', async () => {
    const student2 = (await standingDemoLogins(auth())).find((login) => login.id === 'student2')!;
    const changed = await s
      .as(s.adminToken)
      .put(`/v1/students/uuid/${student2.uuid}/password`, { current_pw: 'student2-pw', revision_pw: 'changed-pw-1' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const said = await launchDemo(s.system);
    expect(said).not.toContain('student2');
    expect(said).toContain('student1-pw');
  });
});
