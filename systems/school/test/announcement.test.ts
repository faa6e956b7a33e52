import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kstTime } from '../contracts/clock.ts';
import type { AnnouncementPage, AnnouncementRead, UuidEnvelope } from './envelopes.ts';
import { expectEnvelope, newClub, tickingClock } from './school-campus-fixtures.ts';
import { type Account, type School, startSchool } from './school-fixtures.ts';

const clock = tickingClock('2026-03-10', '09:00');
let s: School;
let teacher: Account;
let parent: Account;
/** Students by seat: `s11` sits in grade 1 class 1. */
let s11: Account;
let s12: Account;
let s21: Account;
let s34: Account;
let leader: Account;
const CLUB_NAME = '방송부';

let seatNumber = 21;
const student = (grade: number, group: number) => s.newStudent({ grade, group, student_number: seatNumber-- });

beforeAll(async () => {
  s = await startSchool({ clock: clock.clock });
  teacher = await s.newTeacher({ name: '박선생' });
  parent = await s.newParent([], { name: '김부모' });
  s11 = await student(1, 1);
  s12 = await student(1, 2);
  s21 = await student(2, 1);
  s34 = await student(3, 4);
  leader = await student(1, 3);
  await newClub(s, leader, [], { name: CLUB_NAME });
});
afterAll(() => s?.close());

async function post(who: Account | string, body: Record<string, unknown>) {
  const token = typeof who === 'string' ? who : who.token;
  const response = await s.as(token).post<UuidEnvelope<'announcement_uuid'>>('/v1/announcements', {
    type: 'school',
    title: '공지',
    content: '{"content":"본문"}',
    target_grade: 123,
    target_group: 1234,
    ...body,
  });
  expectEnvelope(response, 201, 0);
  return response.body.announcement_uuid;
}

const list = (who: Account | string, type: string, query = 'count=1000') =>
  s.as(typeof who === 'string' ? who : who.token).get<AnnouncementPage>(`/v1/announcements/types/${type}?${query}`);
const uuids = async (who: Account | string, type: string, query?: string) =>
  (await list(who, type, query)).body.announcements.map((a) => a.announcement_uuid);
const open = (who: Account | string, uuid: string) =>
  s.as(typeof who === 'string' ? who : who.token).get<AnnouncementRead>(`/v1/announcements/uuid/${uuid}`);
const entry = async (who: Account | string, type: string, uuid: string, query?: string) =>
  (await list(who, type, query)).body.announcements.find((a) => a.announcement_uuid === uuid);

describe('targeting', () => {
  it('a school announcement reaches the students of its grades and classes; everyone else sees them all', async () => {
    const forClass11and12 = await post(teacher, { title: '1학년 1·2반', target_grade: 1, target_group: 12 });
    const forAll = await post(teacher, { title: '전교생', target_grade: 123, target_group: 1234 });
    const for21 = await post(teacher, { title: '2학년 1반', target_grade: 2, target_group: 1 });
    const forNoStudent = await post(teacher, { title: '교직원', target_grade: 0, target_group: 0 });
    const mine = [forClass11and12, forAll, for21, forNoStudent];
    const seen = async (who: Account) => (await uuids(who, 'school')).filter((u) => mine.includes(u));

    expect(await seen(s11)).toEqual([forAll, forClass11and12]);
    expect(await seen(s12)).toEqual([forAll, forClass11and12]);
    expect(await seen(s21)).toEqual([for21, forAll]);
    expect(await seen(s34)).toEqual([forAll]);
    for (const everyone of [teacher, parent])
      expect(await seen(everyone)).toEqual([forNoStudent, for21, forAll, forClass11and12]);
    expect((await uuids(s.adminToken, 'school')).filter((u) => mine.includes(u))).toHaveLength(4);

    const page = await list(s34, 'school');
    expect(page.body.size).toBe(page.body.announcements.length);
    expect(page.body.announcements.map((a) => a.number)).toEqual(
      [...page.body.announcements.map((a) => a.number)].sort((a, b) => b - a),
    );
  });

  it('club announcements are for everyone, whatever their targets', async () => {
    const club = await post(leader, { type: 'club', title: '방송부 모집', target_grade: 3, target_group: 4 });
    for (const who of [s11, s21, s34, teacher, parent]) expect(await uuids(who, 'club')).toContain(club);
    expect(await uuids(s11, 'school')).not.toContain(club);
  });

  it('pages by page index: start=1&count=2 is the third and fourth newest', async () => {
    const all = await uuids(teacher, 'school');
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(await uuids(teacher, 'school', 'start=1&count=2')).toEqual(all.slice(2, 4));
    const defaultPage = await list(teacher, 'school', '');
    expect(defaultPage.body.announcements).toHaveLength(Math.min(10, all.length));
    expect(defaultPage.body.size).toBe(all.length);
  });
});

describe('read state', () => {
  it("opening marks the reader once: views count readers, is_checked is the caller's own", async () => {
    const uuid = await post(teacher, {
      title: '읽기',
      content: "{'content':'mock'}",
      target_grade: 1,
      target_group: 12,
    });
    expect(await entry(s11, 'school', uuid)).toMatchObject({
      views: 0,
      is_checked: 0,
      writer_name: '박선생',
      title: '읽기',
    });

    const detail = await open(s11, uuid);
    expectEnvelope(detail, 200, 0);
    expect(detail.body).toMatchObject({
      title: '읽기',
      content: '{"content":"mock"}',
      writer_name: '박선생',
      target_grade: 1,
      target_group: 12,
      type: 'school',
    });
    // Epoch milliseconds of when it was written: the test clock's 09:00 plus a few ticks.
    expect(detail.body.date - kstTime('2026-03-10', '09:00') * 1000).toBeGreaterThanOrEqual(0);
    expect(detail.body.date - kstTime('2026-03-10', '09:00') * 1000).toBeLessThan(60_000);
    await open(s11, uuid);
    expect(await entry(s11, 'school', uuid)).toMatchObject({ views: 1, is_checked: 1 });
    expect(await entry(s12, 'school', uuid)).toMatchObject({ views: 1, is_checked: 0 });
    await open(teacher, uuid);
    expect(await entry(teacher, 'school', uuid)).toMatchObject({ views: 2, is_checked: 1 });
    // Someone else's opening does not clear s12's cached pages (their views may lag up to the cache TTL,
    // as in the seed); a page s12 has not cached yet counts both readers.
    expect(await entry(s12, 'school', uuid, 'count=999')).toMatchObject({ views: 2, is_checked: 0 });
    expectEnvelope(await open(s11, 'announcement-000000000000'), 404, -1000);
  });

  it('a student outside the targets cannot open it by uuid (404 -1000, as if missing) and counts no view', async () => {
    const uuid = await post(teacher, { title: '2학년 1반만', target_grade: 2, target_group: 1 });
    const outside = await open(s11, uuid);
    expectEnvelope(outside, 404, -1000);
    // The same words as for an announcement that does not exist: the answer does not tell them apart.
    expect(outside.body.message).toBe(`announcement ${uuid} does not exist`);
    expect(await entry(teacher, 'school', uuid)).toMatchObject({ views: 0 });
    expectEnvelope(await open(s21, uuid), 200, 0);
    expect(await entry(teacher, 'school', uuid, 'count=999')).toMatchObject({ views: 1, is_checked: 0 });
  });

  it('next and previous stay within the type and, for a student, skip what is not for them', async () => {
    const first = await post(teacher, { title: '앞', target_grade: 1, target_group: 1 });
    const hidden = await post(teacher, { title: '3학년만', target_grade: 3, target_group: 4 });
    const club = await post(leader, { type: 'club', title: '사이 동아리 공지' });
    const last = await post(teacher, { title: '뒤', target_grade: 1, target_group: 1 });

    const forStudent = (await open(s11, last)).body;
    expect(forStudent).toMatchObject({
      previous_announcement_uuid: first,
      previous_title: '앞',
      next_announcement_uuid: '',
      next_title: '',
    });
    expect((await open(s11, first)).body).toMatchObject({ next_announcement_uuid: last, next_title: '뒤' });
    expect((await open(teacher, last)).body).toMatchObject({
      previous_announcement_uuid: hidden,
      previous_title: '3학년만',
    });
    expect((await open(teacher, hidden)).body).toMatchObject({ next_announcement_uuid: last });
    const clubDetail = (await open(s11, club)).body;
    expect(clubDetail.next_announcement_uuid).not.toBe(last);
    expect(clubDetail.previous_announcement_uuid).not.toBe(first);
  });

  it('the unread check says 1 while something for the student is unread, 0 once it is all read', async () => {
    const reader = await student(3, 3);
    const check = async (path = reader.uuid, who: Account = reader) =>
      (await s.as(who.token).get(`/v1/students/uuid/${path}/announcement-check`)).body;
    for (const type of ['school', 'club']) for (const uuid of await uuids(reader, type)) await open(reader, uuid);
    expect(await check()).toMatchObject({ status: 200, school: 0, club: 0 });

    await post(teacher, { title: '1학년만', target_grade: 1, target_group: 1234 });
    expect(await check()).toMatchObject({ school: 0, club: 0 });
    const forReader = await post(teacher, { title: '3학년 3반', target_grade: 3, target_group: 3 });
    expect(await check()).toMatchObject({ school: 1, club: 0 });
    expect(await check(reader.uuid, parent)).toMatchObject({ school: 1 });
    await open(reader, forReader);
    expect(await check()).toMatchObject({ school: 0, club: 0 });
    const clubNews = await post(leader, { type: 'club', title: '동아리 새 소식' });
    expect(await check()).toMatchObject({ school: 0, club: 1 });
    await open(reader, clubNews);
    expect(await check()).toMatchObject({ school: 0, club: 0 });

    expectEnvelope(await s.as(reader.token).get(`/v1/students/uuid/${teacher.uuid}/announcement-check`), 403, -1000);
    expectEnvelope(
      await s.as(reader.token).get('/v1/students/uuid/student-999999999999/announcement-check'),
      404,
      -1000,
    );
  });
});

describe('writing', () => {
  it("a student posts club announcements only, as a club leader, under the club's name", async () => {
    const asStudent = (token: string, type: string) =>
      s.as(token).post<UuidEnvelope<'announcement_uuid'>>('/v1/announcements', {
        type,
        title: '학생 공지',
        content: '{"c":1}',
      });
    expectEnvelope(await asStudent(s11.token, 'club'), 403, -1000);
    expectEnvelope(await asStudent(s11.token, 'school'), 403, -1000);
    expectEnvelope(await asStudent(leader.token, 'school'), 403, -1000);
    const uuid = await post(leader, { type: 'club', title: '리더 공지' });
    expect((await open(s11, uuid)).body).toMatchObject({ writer_name: CLUB_NAME, type: 'club' });
  });

  it('teachers, parents and admins post either type under their own name (the admin as 어드민)', async () => {
    expect((await open(s11, await post(parent, { type: 'school', title: '학부모' }))).body.writer_name).toBe('김부모');
    expect((await open(s11, await post(s.adminToken, { type: 'club', title: '관리자' }))).body.writer_name).toBe(
      '어드민',
    );
    expect((await open(s11, await post(teacher, { type: 'club', title: '선생님 동아리' }))).body.writer_name).toBe(
      '박선생',
    );
  });

  it('the content must be a JSON object (relaxed JSON as the seed accepted it); the type school or club', async () => {
    const write = (body: object) =>
      s.as(teacher.token).post<UuidEnvelope<'announcement_uuid'>>('/v1/announcements', {
        type: 'school',
        title: '형식',
        content: '{}',
        ...body,
      });
    expectEnvelope(await write({ content: 'just text' }), 400, -1000);
    expectEnvelope(await write({ content: '[1, 2]' }), 400, -1000);
    expectEnvelope(await write({ type: 'notice' }), 400, -203);
    expectEnvelope(await write({ title: '가'.repeat(51) }), 400, -203);
    expectEnvelope(await write({ target_grade: 124 }), 400, -203);
    const relaxed = await write({ content: "{content: 'mock', n: 1,}" });
    expectEnvelope(relaxed, 201, 0);
    expect((await open(teacher, relaxed.body.announcement_uuid)).body.content).toBe('{"content":"mock","n":1}');
  });

  it('the writer or an admin rewrites it (a full overwrite); only the writer deletes it', async () => {
    const other = await s.newTeacher({ name: '이선생' });
    const uuid = await post(teacher, { title: '원래 제목', content: '{"v":1}', target_grade: 1, target_group: 1 });
    const patch = (who: string, body: object) =>
      s.as(who).patch<UuidEnvelope<'announcement_uuid'>>(`/v1/announcements/uuid/${uuid}`, body);
    expectEnvelope(await patch(other.token, { title: '남의 수정' }), 403, -1000);
    expectEnvelope(await patch(s11.token, { title: '학생 수정' }), 403, -1000);
    const byAdmin = await patch(s.adminToken, { title: '관리자 수정' });
    expectEnvelope(byAdmin, 200, 0);
    expect(byAdmin.body.announcement_uuid).toBe(uuid);
    expect((await open(teacher, uuid)).body).toMatchObject({
      title: '관리자 수정',
      content: '{}',
      target_grade: 0,
      target_group: 0,
    });
    expectEnvelope(
      await patch(teacher.token, { title: '다시', content: '{"v":2}', target_grade: 12, target_group: 3 }),
      200,
      0,
    );
    expect((await open(teacher, uuid)).body).toMatchObject({
      title: '다시',
      content: '{"v":2}',
      target_grade: 12,
      target_group: 3,
    });

    const remove = (who: string) =>
      s.as(who).delete<UuidEnvelope<'announcement_uuid'>>(`/v1/announcements/uuid/${uuid}`);
    expectEnvelope(await remove(s.adminToken), 403, -1000);
    expectEnvelope(await remove(other.token), 403, -1000);
    const removed = await remove(teacher.token);
    expectEnvelope(removed, 200, 0);
    expect(removed.body.announcement_uuid).toBe(uuid);
    expectEnvelope(await open(teacher, uuid), 404, -1000);
    expectEnvelope(await patch(teacher.token, { title: '없는 공지' }), 404, -1000);
    expectEnvelope(await remove(teacher.token), 404, -1000);
  });
});

describe('search and writer listings', () => {
  it('search finds titles containing the query and counts only what the student may see', async () => {
    const tag = `찾기${Date.now() % 1000}`;
    const mine = await post(teacher, { title: `${tag} 1학년`, target_grade: 1, target_group: 1 });
    await post(teacher, { title: `${tag} 2학년`, target_grade: 2, target_group: 1 });
    const all = await post(teacher, { title: `${tag} 전체 100%`, target_grade: 123, target_group: 1234 });
    const search = (who: Account, query: string, paging = 'count=100') =>
      s
        .as(who.token)
        .get<AnnouncementPage>(`/v1/announcements/types/school/query/${encodeURIComponent(query)}?${paging}`);
    const found = await search(s11, tag);
    expectEnvelope(found, 200, 0);
    expect(found.body.size).toBe(2);
    expect(found.body.announcements.map((a) => a.announcement_uuid)).toEqual([all, mine]);
    expect((await search(teacher, tag)).body.size).toBe(3);
    expect((await search(teacher, tag, 'start=1&count=2')).body.announcements).toHaveLength(1);
    expect((await search(teacher, `${tag} 전체 100%`)).body.announcements.map((a) => a.announcement_uuid)).toEqual([
      all,
    ]);
    expect((await search(teacher, '%')).body.announcements.map((a) => a.announcement_uuid)).toEqual([all]);
    expect((await search(teacher, tag.replace(/.$/, '_'))).body.size).toBe(0);
    expect(
      (await s.as(s11.token).get<AnnouncementPage>(`/v1/announcements/types/club/query/${encodeURIComponent(tag)}`))
        .body.size,
    ).toBe(0);
  });

  it("a writer listing has that teacher's or admin's school announcements; anyone else's uuid is 403", async () => {
    const writer = await s.newTeacher({ name: '최선생' });
    const a = await post(writer, { title: '최선생 1', target_grade: 3, target_group: 4 });
    const b = await post(writer, { title: '최선생 2', target_grade: 1, target_group: 1 });
    await post(writer, { type: 'club', title: '최선생 동아리' });
    for (const who of [writer, s11, parent]) {
      const listing = await s.as(who.token).get<AnnouncementPage>(`/v1/announcements/writer-uuid/${writer.uuid}`);
      expectEnvelope(listing, 200, 0);
      expect(listing.body).toMatchObject({ size: 2 });
      expect(listing.body.announcements.map((x) => x.announcement_uuid)).toEqual([b, a]);
    }
    await open(s11, b);
    const afterRead = await s.as(s11.token).get<AnnouncementPage>(`/v1/announcements/writer-uuid/${writer.uuid}`);
    expect(afterRead.body.announcements.map((x) => x.is_checked)).toEqual([1, 0]);
    const othersView = await s.as(s12.token).get<AnnouncementPage>(`/v1/announcements/writer-uuid/${writer.uuid}`);
    expect(othersView.body.announcements.map((x) => x.is_checked)).toEqual([0, 0]);
    expectEnvelope(await s.as(writer.token).get(`/v1/announcements/writer-uuid/${s11.uuid}`), 403, -1000);
    expectEnvelope(await s.as(writer.token).get(`/v1/announcements/writer-uuid/${parent.uuid}`), 403, -1000);
  });
});

describe('behind the gateway cache', () => {
  it('lists are cached per caller and fresh after a post, a patch, an opening and a delete', async () => {
    const query = 'count=1000';
    const first = await list(s21, 'school', query);
    const second = await list(s21, 'school', query);
    expect(first.headers.get('x-mosaic-cache')).toBe('miss');
    expect(second.headers.get('x-mosaic-cache')).toBe('hit');
    // Another student's list of the same page is their own, never the cached answer of the first.
    expect((await list(s34, 'school', query)).headers.get('x-mosaic-cache')).toBe('miss');

    const uuid = await post(teacher, { title: '캐시 전', target_grade: 2, target_group: 1 });
    expect((await entry(s21, 'school', uuid))?.title).toBe('캐시 전');
    await list(s21, 'school', query);
    expectEnvelope(
      await s
        .as(teacher.token)
        .patch(`/v1/announcements/uuid/${uuid}`, { title: '캐시 후', content: '{}', target_grade: 2, target_group: 1 }),
      200,
      0,
    );
    expect((await entry(s21, 'school', uuid))?.title).toBe('캐시 후');
    expect((await entry(s21, 'school', uuid))?.is_checked).toBe(0);
    await open(s21, uuid);
    expect((await entry(s21, 'school', uuid))?.is_checked).toBe(1);
    expectEnvelope(await s.as(teacher.token).delete(`/v1/announcements/uuid/${uuid}`), 200, 0);
    expect(await uuids(s21, 'school', query)).not.toContain(uuid);
  });

  it('opening is never answered from the cache: every reader is counted', async () => {
    const uuid = await post(teacher, { title: '조회수', target_grade: 123, target_group: 1234 });
    for (const who of [s11, s12, s21, s34]) {
      const detail = await open(who, uuid);
      expect(detail.headers.get('x-mosaic-cache')).toBeNull();
    }
    expect((await entry(teacher, 'school', uuid))?.views).toBe(4);
  });

  it('the unread check is fresh after the student reads, and after a new announcement', async () => {
    const reader = await student(2, 4);
    for (const type of ['school', 'club']) for (const uuid of await uuids(reader, type)) await open(reader, uuid);
    const path = `/v1/students/uuid/${reader.uuid}/announcement-check`;
    expect((await s.as(reader.token).get(path)).body).toMatchObject({ school: 0 });
    expect((await s.as(reader.token).get(path)).headers.get('x-mosaic-cache')).toBe('hit');
    const uuid = await post(teacher, { title: '2학년 4반', target_grade: 2, target_group: 4 });
    expect((await s.as(reader.token).get(path)).body).toMatchObject({ school: 1 });
    await open(reader, uuid);
    expect((await s.as(reader.token).get(path)).body).toMatchObject({ school: 0 });
  });
});

describe('when a service it asks is down', () => {
  it("without auth: club lists and non-students still answer, a student's school list is 503", async () => {
    await list(s11, 'club');
    await s.system.stopService('auth');
    try {
      expectEnvelope(await list(s11, 'club', 'count=37'), 200, 0);
      expectEnvelope(await list(teacher, 'school', 'count=37'), 200, 0);
      const refused = await list(s11, 'school', 'count=37');
      expectEnvelope(refused, 503, -1000);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expectEnvelope(await s.as(s11.token).get(`/v1/students/uuid/${s12.uuid}/announcement-check`), 503, -1000);
    } finally {
      await s.system.startService('auth');
    }
    expectEnvelope(await list(s11, 'school', 'count=37'), 200, 0);
  });

  it('without club: a leader cannot post a club announcement (503); a teacher still posts', async () => {
    await s.system.stopService('club');
    try {
      const refused = await s
        .as(leader.token)
        .post('/v1/announcements', { type: 'club', title: '동아리', content: '{}' });
      expectEnvelope(refused, 503, -1000);
      await post(teacher, { title: '클럽 없이' });
    } finally {
      await s.system.startService('club');
    }
    await post(leader, { type: 'club', title: '클럽 복구' });
  });
});
