import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kstTime } from '../contracts/clock.ts';
import { seedScheduleDemo } from '../schedule/demo.ts';
import type { CountEnvelope, ScheduleMonth, TimetableDay, TimetableDays, UuidEnvelope } from './envelopes.ts';
import { expectEnvelope, tickingClock } from './school-campus-fixtures.ts';
import { type Account, ADMIN_PASSWORD, type School, startSchool } from './school-fixtures.ts';

/** The bundled week the service repeats, read here on its own to know what each class has on each weekday. */
const WEEK = JSON.parse(readFileSync(new URL('../schedule/data/timetable-week.json', import.meta.url), 'utf8')) as {
  classes: { grade: number; group: number; week: Record<string, string[]> }[];
};
const lessons = (grade: number, group: number, weekday: 'mon' | 'tue' | 'wed' | 'thu' | 'fri') => {
  const day = WEEK.classes.find((c) => c.grade === grade && c.group === group)!.week[weekday]!;
  return Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`time${i + 1}`, day[i] ?? '']));
};
const EMPTY_DAY = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`time${i + 1}`, '']));

// 2026-03-10 is a Tuesday: the service loads March and April on start.
const clock = tickingClock('2026-03-10', '09:00');
let s: School;
let teacher: Account;
let s11: Account;
let s23: Account;
beforeAll(async () => {
  s = await startSchool({ clock: clock.clock });
  teacher = await s.newTeacher();
  s11 = await s.newStudent({ grade: 1, group: 1, student_number: 21 });
  s23 = await s.newStudent({ grade: 2, group: 3, student_number: 21 });
});
afterAll(() => s?.close());

const at = (date: string, time = '00:00') => kstTime(date, time);
const month = async (who: Account | string, year: number, m: number) =>
  (await s.as(typeof who === 'string' ? who : who.token).get<ScheduleMonth>(`/v1/schedules/years/${year}/months/${m}`))
    .body.schedules;

async function addSchedule(body: { start_date: number; end_date: number; detail: string }, token = teacher.token) {
  const added = await s.as(token).post<UuidEnvelope<'schedule_uuid'>>('/v1/schedules', body);
  expectEnvelope(added, 201, 0);
  return added.body.schedule_uuid;
}

describe('the calendar', () => {
  it('teachers and admins add entries; a month lists those spanning it, dates as Korean midnights in ms', async () => {
    const exams = await addSchedule({
      start_date: at('2026-03-30', '10:00'),
      end_date: at('2026-04-02', '15:00'),
      detail: '중간고사',
    });
    expect(exams).toMatch(/^schedule-\d{13}$/);
    const trip = await addSchedule(
      { start_date: at('2026-05-15'), end_date: at('2026-05-15'), detail: '현장학습' },
      s.adminToken,
    );
    const entry = {
      schedule_uuid: exams,
      start_date: at('2026-03-30') * 1000,
      end_date: at('2026-04-02') * 1000,
      detail: '중간고사',
    };
    expect(await month(s11, 2026, 3)).toContainEqual(entry);
    expect(await month(s11, 2026, 4)).toContainEqual(entry);
    expect((await month(s11, 2026, 2)).map((e) => e.schedule_uuid)).not.toContain(exams);
    expect((await month(s11, 2026, 5)).map((e) => e.schedule_uuid)).toEqual([trip]);
  });

  it('keeps the Korean day an instant falls on, whatever the server time zone', async () => {
    // 2026-03-31 15:30 UTC is 2026-04-01 00:30 in Seoul: an April day.
    const instant = Date.parse('2026-03-31T15:30:00Z') / 1000;
    const uuid = await addSchedule({ start_date: instant, end_date: instant, detail: '만우절' });
    expect((await month(teacher, 2026, 3)).map((e) => e.schedule_uuid)).not.toContain(uuid);
    expect(await month(teacher, 2026, 4)).toContainEqual(
      expect.objectContaining({ schedule_uuid: uuid, start_date: at('2026-04-01') * 1000 }),
    );
  });

  it('refuses an end before the start (400) and a student or parent (403: known, but the wrong role)', async () => {
    const post = (token: string, body: object) => s.as(token).post('/v1/schedules', body);
    expectEnvelope(
      await post(teacher.token, { start_date: at('2026-03-12'), end_date: at('2026-03-11'), detail: '거꾸로' }),
      400,
      0,
    );
    expectEnvelope(
      await post(teacher.token, { start_date: 123, end_date: at('2026-03-11'), detail: '짧은 시간' }),
      400,
      -203,
    );
    expectEnvelope(
      await post(teacher.token, { start_date: at('2026-03-12'), end_date: at('2026-03-12'), detail: '' }),
      400,
      -203,
    );
    const good = { start_date: at('2026-03-12'), end_date: at('2026-03-12'), detail: '학생 일정' };
    expectEnvelope(await post(s11.token, good), 403, 0);
    expectEnvelope(await post((await s.newParent([])).token, good), 403, 0);
  });

  it('PATCH replaces an entry (the role checked first); DELETE checks that it exists first, then the role', async () => {
    const uuid = await addSchedule({ start_date: at('2026-03-16'), end_date: at('2026-03-17'), detail: '체육대회' });
    const replacement = { start_date: at('2026-03-18'), end_date: at('2026-03-19'), detail: '체육대회 (연기)' };
    expectEnvelope(await s.as(s11.token).patch('/v1/schedules/uuid/schedule-0000000000000', replacement), 403, 0);
    expectEnvelope(await s.as(teacher.token).patch('/v1/schedules/uuid/schedule-0000000000000', replacement), 404, 0);
    expectEnvelope(await s.as(s11.token).patch(`/v1/schedules/uuid/${uuid}`, replacement), 403, 0);
    expectEnvelope(await s.as(teacher.token).patch(`/v1/schedules/uuid/${uuid}`, replacement), 200, 0);
    expect(await month(s11, 2026, 3)).toContainEqual({
      schedule_uuid: uuid,
      start_date: at('2026-03-18') * 1000,
      end_date: at('2026-03-19') * 1000,
      detail: '체육대회 (연기)',
    });

    expectEnvelope(await s.as(s11.token).delete('/v1/schedules/uuid/schedule-0000000000000'), 404, 0);
    expectEnvelope(await s.as(s11.token).delete(`/v1/schedules/uuid/${uuid}`), 403, 0);
    expectEnvelope(await s.as(s.adminToken).delete(`/v1/schedules/uuid/${uuid}`), 200, 0);
    expect((await month(s11, 2026, 3)).map((e) => e.schedule_uuid)).not.toContain(uuid);
  });

  it('a month is cached for everyone and fresh after every add, change and delete', async () => {
    const path = '/v1/schedules/years/2026/months/6';
    expect((await s.as(s11.token).get(path)).headers.get('x-mosaic-cache')).toBe('miss');
    expect((await s.as(s23.token).get(path)).headers.get('x-mosaic-cache')).toBe('hit');
    const uuid = await addSchedule({ start_date: at('2026-06-03'), end_date: at('2026-06-03'), detail: '모의고사' });
    expect((await month(s11, 2026, 6)).map((e) => e.detail)).toEqual(['모의고사']);
    expectEnvelope(
      await s.as(teacher.token).patch(`/v1/schedules/uuid/${uuid}`, {
        start_date: at('2026-06-04'),
        end_date: at('2026-06-04'),
        detail: '모의고사 (변경)',
      }),
      200,
      0,
    );
    expect((await month(s11, 2026, 6)).map((e) => e.detail)).toEqual(['모의고사 (변경)']);
    expectEnvelope(await s.as(teacher.token).delete(`/v1/schedules/uuid/${uuid}`), 200, 0);
    expect(await month(s11, 2026, 6)).toEqual([]);
  });
});

describe('the timetable', () => {
  /** One day's periods, or with `?count=` above 1 the `time_tables` of that many days. */
  const timetable = <T = TimetableDay>(who: Account | string, date: string, query = '') => {
    const [y, m, d] = date.split('-').map(Number);
    return s
      .as(typeof who === 'string' ? who : who.token)
      .get<T>(`/v1/time-tables/years/${y}/months/${m}/days/${d}${query}`);
  };

  it("a student gets their own class's lessons for a day: seven periods, '' where there is none", async () => {
    const tuesday = await timetable(s11, '2026-03-10');
    expectEnvelope(tuesday, 200, 0);
    expect(tuesday.body).toMatchObject(lessons(1, 1, 'tue'));
    expect((await timetable(s23, '2026-03-10')).body).toMatchObject(lessons(2, 3, 'tue'));
    expect(lessons(1, 1, 'tue')).not.toEqual(lessons(2, 3, 'tue'));
    const friday = (await timetable(s11, '2026-03-13')).body;
    expect(friday).toMatchObject(lessons(1, 1, 'fri'));
    expect(friday.time7).toBe('');
  });

  it('count gives that many days from the one asked, weekends empty, into the next month', async () => {
    const days = await timetable<TimetableDays>(s11, '2026-03-27', '?count=4');
    expectEnvelope(days, 200, 0);
    expect(days.body.time_tables).toEqual([lessons(1, 1, 'fri'), EMPTY_DAY, EMPTY_DAY, lessons(1, 1, 'mon')]);
    expect((await timetable(s11, '2026-04-30', '?count=1')).body).toMatchObject(lessons(1, 1, 'thu'));
    expect((await timetable(s11, '2026-05-01')).body).toMatchObject(EMPTY_DAY);
  });

  it('refuses a day the calendar lacks (400, where the seed failed with 500) and anyone but a student (403)', async () => {
    expectEnvelope(await timetable(s11, '2026-02-30'), 400, 0);
    expectEnvelope(await timetable(s11, '2026-02-32'), 400, -203);
    expectEnvelope(await timetable(s11, '2026-03-10', '?count=32'), 400, -203);
    expectEnvelope(await timetable(teacher, '2026-03-10'), 403, 0);
    expectEnvelope(await timetable(s.adminToken, '2026-03-10'), 403, 0);
  });

  it("an admin's upload replaces the month for every class, and students see it at once", async () => {
    expect((await timetable(s11, '2026-04-06')).body).toMatchObject(lessons(1, 1, 'mon'));
    expect((await timetable(s11, '2026-04-06')).headers.get('x-mosaic-cache')).toBe('hit');
    const upload = await s.as(s.adminToken).put<CountEnvelope>('/v1/time-tables/years/2026/months/4', {
      time_tables: [
        { day: 6, grade: 1, group: 1, time1: '개교기념 특강', time2: '개교기념 특강' },
        { day: 7, grade: 2, group: 3, time1: '자율', time2: '자율', time3: '자율', time4: '자율' },
      ],
    });
    expectEnvelope(upload, 200, 0);
    expect(upload.body.count).toBe(2);
    expect((await timetable(s11, '2026-04-06')).body).toMatchObject({
      ...EMPTY_DAY,
      time1: '개교기념 특강',
      time2: '개교기념 특강',
    });
    expect((await timetable(s11, '2026-04-07')).body).toMatchObject(EMPTY_DAY);
    expect((await timetable(s23, '2026-04-07')).body).toMatchObject({ time1: '자율', time4: '자율', time5: '' });
    // March was not part of it.
    expect((await timetable(s11, '2026-03-10')).body).toMatchObject(lessons(1, 1, 'tue'));

    // Starting again, the service fills only months without a timetable: the upload stays.
    await s.system.stopService('schedule');
    await s.system.startService('schedule');
    expect((await timetable(s11, '2026-04-06', '?count=0')).body).toMatchObject({ time1: '개교기념 특강' });
  });

  it('refuses an upload with a day the month lacks or a class twice (400 -203), and from anyone but an admin (403)', async () => {
    const put = (token: string, entries: object[]) =>
      s.as(token).put('/v1/time-tables/years/2026/months/9', { time_tables: entries });
    expectEnvelope(await put(s.adminToken, [{ day: 31, grade: 1, group: 1, time1: '국어' }]), 400, -203);
    expectEnvelope(
      await put(s.adminToken, [
        { day: 1, grade: 1, group: 1, time1: '국어' },
        { day: 1, grade: 1, group: 1, time1: '수학' },
      ]),
      400,
      -203,
    );
    expectEnvelope(await put(s.adminToken, [{ day: 1, grade: 4, group: 1 }]), 400, -203);
    expectEnvelope(await put(teacher.token, [{ day: 1, grade: 1, group: 1, time1: '국어' }]), 403, 0);
    expectEnvelope(await put(s11.token, [{ day: 1, grade: 1, group: 1, time1: '국어' }]), 403, 0);
  });

  it('needs auth to know the class: 503 while auth is down; the calendar still answers', async () => {
    await s.system.stopService('auth');
    try {
      const refused = await timetable(s23, '2026-03-11');
      expectEnvelope(refused, 503, 0);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expectEnvelope(await s.as(s23.token).get('/v1/schedules/years/2026/months/8'), 200, 0);
    } finally {
      await s.system.startService('auth');
    }
    expect((await timetable(s23, '2026-03-11')).body).toMatchObject(lessons(2, 3, 'wed'));
  });
});

describe('the demo calendar', () => {
  it('seeds entries in the month of the clock and the next through the schedule route', async () => {
    const admin = { uuid: (await s.login('admin', 'admin', ADMIN_PASSWORD)).uuid, role: 'admin' as const };
    const asAdmin = () => s.system.vouchedHeaders({ sub: admin.uuid, role: admin.role });
    const uuids = await seedScheduleDemo(s.system.service('schedule').url, asAdmin, clock.clock());
    expect(uuids).toHaveLength(4);
    // Seeding goes to the service itself, past the gateway's cache, so read it there too.
    const direct = async (m: number) =>
      (
        await s.system.direct('schedule').get<ScheduleMonth>(`/v1/schedules/years/2026/months/${m}`, asAdmin())
      ).body.schedules.filter((e) => uuids.includes(e.schedule_uuid));
    const march = await direct(3);
    const april = await direct(4);
    expect(march.map((e) => e.detail)).toEqual(['중간고사', '학부모 상담의 날']);
    expect(march[0]).toMatchObject({ start_date: at('2026-03-15') * 1000, end_date: at('2026-03-17') * 1000 });
    expect(april.map((e) => e.detail)).toEqual(['현장 체험 학습', '기숙사 안전 점검 주간']);
  });
});

describe('the bundled timetable follows the clock', () => {
  it('a service started in December serves December and January (holidays empty), and nothing after', async () => {
    const december = tickingClock('2026-12-20', '08:00');
    const winter = await startSchool({ clock: december.clock });
    try {
      const pupil = await winter.newStudent({ grade: 3, group: 4, student_number: 21 });
      const day = async (date: string) => {
        const [y, m, d] = date.split('-').map(Number);
        return (await winter.as(pupil.token).get<TimetableDay>(`/v1/time-tables/years/${y}/months/${m}/days/${d}`))
          .body;
      };
      expect(await day('2026-12-21')).toMatchObject(lessons(3, 4, 'mon'));
      expect(await day('2026-12-25')).toMatchObject(EMPTY_DAY); // Christmas, a Friday
      expect(await day('2026-12-24')).toMatchObject(lessons(3, 4, 'thu'));
      expect(await day('2027-01-01')).toMatchObject(EMPTY_DAY); // New Year's Day, a Friday
      expect(await day('2027-01-29')).toMatchObject(lessons(3, 4, 'fri'));
      expect(await day('2027-02-01')).toMatchObject(EMPTY_DAY);
      expect(await day('2026-11-30')).toMatchObject(EMPTY_DAY);
    } finally {
      await winter.close();
    }
  });
});
