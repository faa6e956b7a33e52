import type { SystemAddresses } from '@mosaic/kit/runtime';
import { BOOTSTRAP_ADMIN } from './contracts/accounts.ts';
import type { Caller } from './contracts/identity.ts';
import { type DemoLogin, standingDemoLogins } from './demo-logins.ts';
import { seedScheduleDemo } from './schedule/demo.ts';

/**
 * The demo school a newcomer finds on the first start: two certified teachers, three students (one with a
 * parent), a club with a recruitment and announcements for different targets. It is written through the
 * services' own HTTP routes, as the bootstrap admin (and as the teacher or club leader where the route
 * needs one), so it obeys every rule a real client meets.
 *
 * Skipped when MOSAIC_SCHOOL_DEMO=0 (what `mosaic up --no-demo` sets), and whenever auth already holds any
 * account besides the admin: the demo never mixes into a real school.
 */
export function demoEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MOSAIC_SCHOOL_DEMO !== '0';
}

export interface DemoSchool {
  logins: DemoLogin[];
  clubUuid?: string;
  recruitmentUuid?: string;
  announcementUuids: string[];
  scheduleUuids?: string[];
  /** Parts not seeded because their service is not part of the system yet. */
  skipped: string[];
}

/** 1×1 PNG, the profile photo and club logo of the demo. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const ADMIN: Caller = { uuid: BOOTSTRAP_ADMIN.uuid, role: 'admin' };

export async function seedSchoolDemo(system: SystemAddresses): Promise<DemoSchool | undefined> {
  if (!demoEnabled()) return undefined;
  const url = (service: string) => system.services.get(service)?.url;
  // Each request straight to a service carries the system's vouch for who makes it, made fresh for it.
  const as = (caller: Caller) => system.vouchedHeaders({ sub: caller.uuid, role: caller.role });
  const auth = url('auth');
  if (!auth) throw new Error('the demo needs the auth service running');
  const counts = await call<Record<'students' | 'teachers' | 'parents' | 'unsigned_students', number>>(
    auth,
    'GET',
    '/v1/accounts/count',
    as(ADMIN),
  );
  if (counts.students + counts.teachers + counts.parents + counts.unsigned_students > 0) return undefined;

  const logins: DemoLogin[] = [];
  const teacher = async (id: string, name: string, grade: number, group: number, phone: string) => {
    const password = `${id}-pw`;
    const { teacher_uuid } = await call<{ teacher_uuid: string }>(
      auth,
      'POST',
      '/v1/teachers',
      {},
      {
        teacher_id: id,
        teacher_pw: password,
        grade,
        group,
        name,
        phone_number: phone,
      },
    );
    await call(auth, 'POST', `/v1/teachers/uuid/${teacher_uuid}/certify`, as(ADMIN));
    logins.push({ role: 'teacher', id, password, uuid: teacher_uuid, who: `${name}, homeroom ${grade}-${group}` });
    return teacher_uuid;
  };
  const student = async (id: string, name: string, grade: number, group: number, number: number, phone: string) => {
    const password = `${id}-pw`;
    const form = new FormData();
    const fields = {
      student_id: id,
      student_pw: password,
      grade,
      group,
      student_number: number,
      name,
      phone_number: phone,
    };
    for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
    form.set('profile', new Blob([PNG], { type: 'image/png' }), `${id}.png`);
    const { student_uuid } = await call<{ student_uuid: string }>(auth, 'POST', '/v1/students', as(ADMIN), form);
    logins.push({ role: 'student', id, password, uuid: student_uuid, who: `${name}, ${grade}-${group} no. ${number}` });
    return student_uuid;
  };

  const homeroom = await teacher('teacher1', '박선생', 1, 1, '01090000001');
  await teacher('teacher2', '이선생', 2, 1, '01090000002');
  const leader = await student('student1', '김민준', 1, 1, 1, '01080000001');
  const member = await student('student2', '이서연', 1, 1, 2, '01080000002');
  await student('student3', '최도윤', 2, 1, 1, '01080000003');
  const { parent_uuid } = await call<{ parent_uuid: string }>(auth, 'POST', '/v1/parents', as(ADMIN), {
    parent_id: 'parent1',
    parent_pw: 'parent1-pw',
    name: '김부모',
    phone_number: '01070000001',
    children: [{ grade: 1, group: 1, student_number: 1, name: '김민준' }],
  });
  logins.push({
    role: 'parent',
    id: 'parent1',
    password: 'parent1-pw',
    uuid: parent_uuid,
    who: '김부모, parent of 김민준',
  });

  const demo: DemoSchool = { logins, announcementUuids: [], skipped: [] };
  const club = url('club');
  if (club) {
    const form = new FormData();
    const fields = {
      name: '코딩부',
      leader_uuid: leader,
      member_uuids: `${leader}|${member}`,
      field: 'SW',
      location: '2층 실습실',
      floor: 2,
    };
    for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
    form.set('logo', new Blob([PNG], { type: 'image/png' }), 'logo.png');
    demo.clubUuid = (await call<{ club_uuid: string }>(club, 'POST', '/v1/clubs', as(ADMIN), form)).club_uuid;
    demo.recruitmentUuid = (
      await call<{ recruitment_uuid: string }>(club, 'POST', '/v1/recruitments', as(ADMIN), {
        club_uuid: demo.clubUuid,
        recruit_concept: '함께 앱을 만들 1학년을 찾습니다',
        members: [{ grade: 1, field: 'SW', number: 3 }],
      })
    ).recruitment_uuid;
  } else {
    demo.skipped.push('club');
  }
  const announcement = url('announcement');
  if (announcement) {
    const teacherCaller: Caller = { uuid: homeroom, role: 'teacher' };
    const post = async (who: Caller, body: object) =>
      demo.announcementUuids.push(
        (await call<{ announcement_uuid: string }>(announcement, 'POST', '/v1/announcements', as(who), body))
          .announcement_uuid,
      );
    await post(teacherCaller, {
      type: 'school',
      title: '전교생 안내: 봄 현장학습',
      content: JSON.stringify({ content: '다음 주 금요일은 현장학습입니다.' }),
      target_grade: 123,
      target_group: 1234,
    });
    await post(teacherCaller, {
      type: 'school',
      title: '1학년 1반: 상담 주간',
      content: JSON.stringify({ content: '이번 주는 담임 상담 주간입니다.' }),
      target_grade: 1,
      target_group: 1,
    });
    if (club) {
      await post(
        { uuid: leader, role: 'student' },
        {
          type: 'club',
          title: '코딩부 첫 모임',
          content: JSON.stringify({ content: '수요일 방과 후 2층 실습실' }),
          target_grade: 0,
          target_group: 0,
        },
      );
    }
  } else {
    demo.skipped.push('announcement');
  }
  const schedule = url('schedule');
  if (schedule) demo.scheduleUuids = await seedScheduleDemo(schedule, () => as(ADMIN), new Date());
  else demo.skipped.push('schedule');
  return demo;
}

/** The school's `demo` hook: seed on a first start, and on every start say who can sign in. */
export async function launchDemo(system: SystemAddresses): Promise<string | undefined> {
  const demo = await seedSchoolDemo(system);
  if (demo) return describeDemo(demo, system.gatewayUrl);
  const auth = system.services.get('auth')?.url;
  if (!demoEnabled() || !auth) return undefined;
  // Seeded on an earlier start (or never, in a real school: then no demo login signs in and nothing is said).
  const logins = await standingDemoLogins(auth);
  if (logins.length === 0) return undefined;
  return describeDemo({ logins, announcementUuids: [], skipped: [] }, system.gatewayUrl, 'seeded earlier');
}

/** The lines `mosaic up` prints: who can sign in, and with what. */
export function describeDemo(demo: DemoSchool, gatewayUrl: string, when = 'seeded'): string {
  const width = Math.max(...demo.logins.map((l) => l.id.length));
  const lines = demo.logins.map(
    (l) => `  ${l.role.padEnd(8)} ${l.id.padEnd(width)}  ${l.password.padEnd(width + 3)}  ${l.who}`,
  );
  return [
    `school demo ${when} (${gatewayUrl}); sign in with POST /v1/login/<role> {"<role>_id", "<role>_pw"}:`,
    ...lines,
    `  admin    ${BOOTSTRAP_ADMIN.id.padEnd(width)}  (MOSAIC_SCHOOL_ADMIN_PASSWORD, or the password printed at first start)`,
    ...(demo.skipped.length ? [`  not seeded (service not in the system yet): ${demo.skipped.join(', ')}`] : []),
  ].join('\n');
}

async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  identity: Record<string, string>,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { ...identity };
  let payload: FormData | string | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(`${base}${path}`, { method, headers, ...(payload ? { body: payload } : {}) });
  const text = await response.text();
  if (!response.ok) throw new Error(`demo seeding: ${method} ${path} answered ${response.status}: ${text}`);
  // The shape each caller names is the route's success body.
  return JSON.parse(text) as T;
}
