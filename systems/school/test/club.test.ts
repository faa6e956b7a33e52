import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGO_MAX_BYTES } from '../club/schemas.ts';
import type {
  ClubFieldList,
  ClubList,
  ClubRead,
  CountEnvelope,
  RecruitmentList,
  RecruitmentRead,
  UuidEnvelope,
  UuidsEnvelope,
} from './envelopes.ts';
import {
  clubForm,
  expectEnvelope,
  GIF,
  newClub,
  newRecruitment,
  PNG,
  sendForm,
  tickingClock,
} from './school-campus-fixtures.ts';
import { type Account, type School, startSchool } from './school-fixtures.ts';

const clock = tickingClock('2026-03-10', '09:00');
let s: School;
let teacher: Account;
beforeAll(async () => {
  s = await startSchool({ clock: clock.clock });
  teacher = await s.newTeacher();
});
afterAll(() => s?.close());

const admin = () => s.as(s.adminToken);
const createClub = (form: FormData) => s.upload('POST', '/v1/clubs', form, s.adminToken);
const patchClub = (token: string, clubUuid: string, form: FormData) =>
  sendForm(s, 'PATCH', `/v1/clubs/uuid/${clubUuid}`, form, token);

function form(fields: Record<string, string>, logo?: { bytes: Buffer; type: string; name: string }) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  if (logo) data.set('logo', new Blob([logo.bytes], { type: logo.type }), logo.name);
  return data;
}

describe('clubs', () => {
  it('an admin founds a club with its logo; students read it, and anyone fetches the logo by its URL', async () => {
    const leader = await s.newStudent();
    const member = await s.newStudent();
    const clubUuid = await newClub(s, leader, [member], {
      name: '코딩부',
      location: '2층 실습실',
      field: 'SW',
      floor: 2,
    });
    expect(clubUuid).toMatch(/^club-\d{12}$/);

    const read = await s.as(member.token).get<ClubRead>(`/v1/clubs/uuid/${clubUuid}`);
    expectEnvelope(read, 200, 0);
    expect(read.body).toMatchObject({
      club_uuid: clubUuid,
      leader_uuid: leader.uuid,
      member_uuids: [leader.uuid, member.uuid],
      name: '코딩부',
      location: '2층 실습실',
      field: 'SW',
      club_concept: '',
      introduction: '',
      link: '',
      logo_uri: `/v1/clubs/uuid/${clubUuid}/logo?v=1`,
    });
    expect(read.body).not.toHaveProperty('floor');
    const listed = await s.as(member.token).get<ClubList>('/v1/clubs/sorted-by/update-time?count=100');
    expect(listed.body.clubs.find((c) => c.club_uuid === clubUuid)).toMatchObject({ floor: 2 });

    const logo = await fetch(`${s.system.gatewayUrl}${read.body.logo_uri}`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(logo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await logo.arrayBuffer()).equals(PNG)).toBe(true);
    const again = await fetch(`${s.system.gatewayUrl}${read.body.logo_uri}`, {
      headers: { 'if-none-match': logo.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it('refuses a leader outside the members (-1501), a member listed twice (-1506) and unknown students (-1502)', async () => {
    const leader = await s.newStudent();
    const member = await s.newStudent();
    const base = { name: '규칙부', field: 'SW', location: '규칙실', floor: '3', leader_uuid: leader.uuid };
    const logo = { bytes: PNG, type: 'image/png', name: 'logo.png' };
    expectEnvelope(await createClub(form({ ...base, member_uuids: member.uuid }, logo)), 409, -1501);
    expectEnvelope(
      await createClub(form({ ...base, member_uuids: `${leader.uuid}|${member.uuid}|${member.uuid}` }, logo)),
      409,
      -1506,
    );
    expectEnvelope(
      await createClub(form({ ...base, member_uuids: `${leader.uuid}|student-999999999999` }, logo)),
      409,
      -1502,
    );
    expectEnvelope(
      await createClub(form({ ...base, member_uuids: `${leader.uuid}|${teacher.uuid}` }, logo)),
      409,
      -1502,
    );
    // None of them was created: the leader is free to lead the club that follows the rules.
    expect((await createClub(form({ ...base, member_uuids: `${leader.uuid}|${member.uuid}` }, logo))).status).toBe(201);
  });

  it('keeps names (-1504), locations (-1505) and leaders (-1503) unique among live clubs, and frees them on delete', async () => {
    const [leader, other, third] = [await s.newStudent(), await s.newStudent(), await s.newStudent()];
    const first = await newClub(s, leader, [], { name: '유일부', location: '유일실' });
    expectEnvelope(await createClub(clubForm(other.uuid, [], { name: '유일부' })), 409, -1504);
    expectEnvelope(await createClub(clubForm(other.uuid, [], { location: '유일실' })), 409, -1505);
    expectEnvelope(await createClub(clubForm(leader.uuid, [third.uuid])), 409, -1503);

    expectEnvelope(await admin().delete(`/v1/clubs/uuid/${first}`), 200, 0);
    const reborn = await newClub(s, leader, [other], { name: '유일부', location: '유일실' });
    expect(reborn).not.toBe(first);
    expect(
      (await s.as(leader.token).get<UuidEnvelope<'club_uuid'>>(`/v1/leaders/uuid/${leader.uuid}/club-uuid`)).body
        .club_uuid,
    ).toBe(reborn);
  });

  it('refuses a logo that is missing, empty or not an image, and fields out of range (400 -203)', async () => {
    const leader = await s.newStudent();
    const fields = {
      name: '로고부',
      field: 'SW',
      location: '로고실',
      floor: '1',
      leader_uuid: leader.uuid,
      member_uuids: leader.uuid,
    };
    expectEnvelope(await createClub(form(fields)), 400, -203);
    expectEnvelope(
      await createClub(form(fields, { bytes: Buffer.alloc(0), type: 'image/png', name: 'x.png' })),
      400,
      -203,
    );
    const html = { bytes: Buffer.from('<html><script>alert(1)</script></html>'), type: 'image/png', name: 'x.png' };
    expectEnvelope(await createClub(form(fields, html)), 400, -203);
    const logo = { bytes: PNG, type: 'image/png', name: 'logo.png' };
    expectEnvelope(await createClub(form({ ...fields, floor: '6' }, logo)), 400, -203);
    expectEnvelope(await createClub(form({ ...fields, name: '가'.repeat(31) }, logo)), 400, -203);
    expectEnvelope(await createClub(form({ ...fields, leader_uuid: 'teacher-000000000001' }, logo)), 400, -203);
    expectEnvelope(await createClub(form({ ...fields, floor: '1' }, logo)), 201, 0);
  });

  it('refuses a logo over 1 MiB with 413, at the service or, for a bigger body, already at the gateway', async () => {
    const leader = await s.newStudent();
    const fields = {
      name: '큰로고부',
      field: 'SW',
      location: '큰로고실',
      floor: '1',
      leader_uuid: leader.uuid,
      member_uuids: leader.uuid,
    };
    const oversized = (bytes: number) => {
      const image = Buffer.alloc(bytes);
      PNG.copy(image);
      return { bytes: image, type: 'image/png', name: 'big.png' };
    };
    const atService = await createClub(form(fields, oversized(LOGO_MAX_BYTES + 1)));
    expectEnvelope(atService, 413);
    const atGateway = await createClub(form(fields, oversized(2 * LOGO_MAX_BYTES)));
    expectEnvelope(atGateway, 413);
    // The gateway's own answers carry the request id; the service's envelope does not.
    expect(atService.body).not.toHaveProperty('request_id');
    expect(atGateway.body).toHaveProperty('request_id');
    expectEnvelope(await createClub(form(fields, oversized(LOGO_MAX_BYTES))), 201, 0);
  });

  it('the leader adds and removes members, never removes themself, and refusals carry the seed codes', async () => {
    const [leader, newcomer] = [await s.newStudent(), await s.newStudent()];
    const clubUuid = await newClub(s, leader);
    const boss = s.as(leader.token);
    const members = async () => (await boss.get<ClubRead>(`/v1/clubs/uuid/${clubUuid}`)).body.member_uuids;

    expectEnvelope(await boss.post(`/v1/clubs/uuid/${clubUuid}/members`, { student_uuid: newcomer.uuid }), 201, 0);
    expect(await members()).toEqual([leader.uuid, newcomer.uuid]);
    expectEnvelope(await boss.post(`/v1/clubs/uuid/${clubUuid}/members`, { student_uuid: newcomer.uuid }), 409, -1701);
    expectEnvelope(
      await boss.post(`/v1/clubs/uuid/${clubUuid}/members`, { student_uuid: 'student-999999999998' }),
      404,
      -1722,
    );
    expectEnvelope(await boss.post(`/v1/clubs/uuid/${clubUuid}/members`, { student_uuid: teacher.uuid }), 400, -203);

    expectEnvelope(await boss.delete(`/v1/clubs/uuid/${clubUuid}/members/${newcomer.uuid}`), 200, 0);
    expect(await members()).toEqual([leader.uuid]);
    expectEnvelope(await boss.delete(`/v1/clubs/uuid/${clubUuid}/members/${newcomer.uuid}`), 404, -1723);
    expectEnvelope(await boss.delete(`/v1/clubs/uuid/${clubUuid}/members/${leader.uuid}`), 409, -1803);
    expect(await members()).toEqual([leader.uuid]);
  });

  it('only its leader or an admin manages a club: a student 403 -1712, a teacher or parent 403 -1711, no club 404 -1721', async () => {
    const [leader, student] = [await s.newStudent(), await s.newStudent()];
    const parent = await s.newParent([]);
    const clubUuid = await newClub(s, leader);
    const add = (token: string, club = clubUuid) =>
      s.as(token).post(`/v1/clubs/uuid/${club}/members`, { student_uuid: student.uuid });
    expectEnvelope(await add(student.token), 403, -1712);
    expectEnvelope(await add(teacher.token), 403, -1711);
    expectEnvelope(await add(parent.token), 403, -1711);
    expectEnvelope(await add(leader.token, 'club-000000000000'), 404, -1721);
    expectEnvelope(await add(s.adminToken), 201, 0);
  });

  it('hands the club over only to a member who leads no other club, and the old leader loses control', async () => {
    const [leader, member, outsider, otherLeader] = [
      await s.newStudent(),
      await s.newStudent(),
      await s.newStudent(),
      await s.newStudent(),
    ];
    const clubUuid = await newClub(s, leader, [member, otherLeader]);
    await newClub(s, otherLeader);
    const handOver = (token: string, to: string) =>
      s.as(token).put(`/v1/clubs/uuid/${clubUuid}/leader`, { new_leader_uuid: to });
    expectEnvelope(await handOver(leader.token, outsider.uuid), 404, -1723);
    expectEnvelope(await handOver(leader.token, leader.uuid), 409, -1801);
    expectEnvelope(await handOver(leader.token, otherLeader.uuid), 409, -1802);
    expectEnvelope(await handOver(leader.token, member.uuid), 200, 0);

    expect((await s.as(member.token).get<ClubRead>(`/v1/clubs/uuid/${clubUuid}`)).body.leader_uuid).toBe(member.uuid);
    expect(
      (await s.as(member.token).get<UuidEnvelope<'club_uuid'>>(`/v1/leaders/uuid/${member.uuid}/club-uuid`)).body
        .club_uuid,
    ).toBe(clubUuid);
    expectEnvelope(await s.as(member.token).get(`/v1/leaders/uuid/${leader.uuid}/club-uuid`), 409, -1611);
    expectEnvelope(await handOver(leader.token, leader.uuid), 403, -1712);
    // The former leader is an ordinary member now, so the new leader may let them go.
    expectEnvelope(await s.as(member.token).delete(`/v1/clubs/uuid/${clubUuid}/members/${leader.uuid}`), 200, 0);
  });

  it('PATCH changes only the fields sent, and a new logo gets a new URL', async () => {
    const leader = await s.newStudent();
    const clubUuid = await newClub(s, leader);
    const profile = async () => (await s.as(leader.token).get<ClubRead>(`/v1/clubs/uuid/${clubUuid}`)).body;
    const fields = { club_concept: '앱 개발', introduction: '우리는 앱을 만듭니다', link: 'https://example.com/club' };
    expectEnvelope(await patchClub(leader.token, clubUuid, form(fields)), 200, 0);
    expect(await profile()).toMatchObject(fields);
    expectEnvelope(
      await patchClub(leader.token, clubUuid, form({ club_concept: '웹 개발', introduction: '' })),
      200,
      0,
    );
    expect(await profile()).toMatchObject({ ...fields, club_concept: '웹 개발' });
    expectEnvelope(await patchClub(leader.token, clubUuid, form({ club_concept: '가'.repeat(41) })), 400, -203);

    const before = (await profile()).logo_uri;
    const gif = { bytes: GIF, type: 'image/gif', name: 'logo.gif' };
    expectEnvelope(await patchClub(s.adminToken, clubUuid, form({}, gif)), 200, 0);
    const after = (await profile()).logo_uri;
    expect(after).not.toBe(before);
    const logo = await fetch(`${s.system.gatewayUrl}${after}`);
    expect(logo.headers.get('content-type')).toBe('image/gif');
    expect(Buffer.from(await logo.arrayBuffer()).equals(GIF)).toBe(true);
    const latest = await s.as(leader.token).get<ClubList>('/v1/clubs/sorted-by/update-time?count=1');
    expect(latest.body.clubs[0]!.club_uuid).toBe(clubUuid);
  });
});

describe('recruitments', () => {
  it('one in progress per club, never ending in the past, current through its last day in Korea', async () => {
    clock.set('2026-03-10', '09:00');
    const leader = await s.newStudent();
    const clubUuid = await newClub(s, leader);
    const boss = s.as(leader.token);
    const recruitmentUuid = await newRecruitment(s, leader.token, clubUuid, { end_period: '2026-03-20' });
    expect(recruitmentUuid).toMatch(/^recruitment-\d{12}$/);
    expectEnvelope(
      await boss.post('/v1/recruitments', {
        club_uuid: clubUuid,
        recruit_concept: '두 번째',
        members: [{ grade: 1, field: 'SW', number: 1 }],
      }),
      409,
      -2001,
    );
    const current = await boss.get<UuidEnvelope<'recruitment_uuid'>>(`/v1/clubs/uuid/${clubUuid}/recruitment-uuid`);
    expect(current.body.recruitment_uuid).toBe(recruitmentUuid);
    const read = await boss.get<RecruitmentRead>(`/v1/recruitments/uuid/${recruitmentUuid}`);
    expect(read.body).toMatchObject({
      recruitment_uuid: recruitmentUuid,
      club_uuid: clubUuid,
      recruit_concept: '함께 할 1학년',
      recruit_members: [{ grade: 1, field: 'SW', number: 2 }],
      start_period: '2026-03-10',
      end_period: '2026-03-20',
    });
    const inProgress = async () =>
      (await boss.get<RecruitmentList>('/v1/recruitments/sorted-by/create-time?count=1000')).body.recruitments.map(
        (r) => r.recruitment_uuid,
      );
    expect(await inProgress()).toContain(recruitmentUuid);
    const counted = (await boss.get<CountEnvelope>('/v1/recruitments/count')).body.count;

    clock.set('2026-03-20', '23:59');
    expect(await inProgress()).toContain(recruitmentUuid);
    clock.set('2026-03-21', '00:00');
    expect(await inProgress()).not.toContain(recruitmentUuid);
    expect((await boss.get<CountEnvelope>('/v1/recruitments/count')).body.count).toBe(counted - 1);
    expectEnvelope(await boss.get(`/v1/clubs/uuid/${clubUuid}/recruitment-uuid`), 409, -1601);
    expectEnvelope(await boss.get(`/v1/recruitments/uuid/${recruitmentUuid}`), 200, 0);
    expectEnvelope(
      await boss.patch(`/v1/recruitments/uuid/${recruitmentUuid}`, { recruit_concept: '연장' }),
      404,
      -1724,
    );
    expectEnvelope(await boss.delete(`/v1/recruitments/uuid/${recruitmentUuid}`), 404, -1724);
    expect(await newRecruitment(s, leader.token, clubUuid)).not.toBe(recruitmentUuid);
    clock.set('2026-03-10', '09:00');
  });

  it('refuses an end before today (-2002), a day that does not exist and an empty member list (400 -203)', async () => {
    clock.set('2026-03-10', '09:00');
    const leader = await s.newStudent();
    const clubUuid = await newClub(s, leader);
    const open = (body: object) =>
      s.as(leader.token).post<UuidEnvelope<'recruitment_uuid'>>('/v1/recruitments', {
        club_uuid: clubUuid,
        recruit_concept: '모집',
        members: [{ grade: 1, field: 'SW', number: 1 }],
        ...body,
      });
    expectEnvelope(await open({ end_period: '2026-03-09' }), 409, -2002);
    expectEnvelope(await open({ end_period: '2026-02-30' }), 400, -203);
    expectEnvelope(await open({ end_period: '2026/03/30' }), 400, -203);
    expectEnvelope(await open({ members: [] }), 400, -203);
    expectEnvelope(await open({ members: [{ grade: 4, field: 'SW', number: 1 }] }), 400, -203);
    expectEnvelope(await open({ club_uuid: 'club-000000000000' }), 404, -1721);
    const opened = await open({ end_period: '2026-03-10' });
    expectEnvelope(opened, 201, 0);
    // Without an end it stays current until closed.
    expectEnvelope(await s.as(leader.token).delete(`/v1/recruitments/uuid/${opened.body.recruitment_uuid}`), 200, 0);
    const endless = await newRecruitment(s, leader.token, clubUuid);
    expect((await s.as(leader.token).get<RecruitmentRead>(`/v1/recruitments/uuid/${endless}`)).body.end_period).toBe(
      '',
    );
    clock.set('2027-03-10', '09:00');
    expect(
      (await s.as(leader.token).get<UuidEnvelope<'recruitment_uuid'>>(`/v1/clubs/uuid/${clubUuid}/recruitment-uuid`))
        .body.recruitment_uuid,
    ).toBe(endless);
    clock.set('2026-03-10', '09:00');
  });

  it('PATCH keeps what is not sent, replaces the members when given, moves the end; DELETE closes it', async () => {
    clock.set('2026-03-10', '09:00');
    const leader = await s.newStudent();
    const clubUuid = await newClub(s, leader);
    const boss = s.as(leader.token);
    const uuid = await newRecruitment(s, leader.token, clubUuid, { end_period: '2026-03-15' });
    const read = async () => (await boss.get<RecruitmentRead>(`/v1/recruitments/uuid/${uuid}`)).body;

    expectEnvelope(await boss.patch(`/v1/recruitments/uuid/${uuid}`, { recruit_concept: '새 모집' }), 200, 0);
    expect(await read()).toMatchObject({
      recruit_concept: '새 모집',
      recruit_members: [{ grade: 1, field: 'SW', number: 2 }],
    });
    const members = [
      { grade: 1, field: '웹', number: 3 },
      { grade: 2, field: '보안', number: 1 },
    ];
    expectEnvelope(await boss.patch(`/v1/recruitments/uuid/${uuid}`, { members }), 200, 0);
    expect(await read()).toMatchObject({ recruit_concept: '새 모집', recruit_members: members });
    expectEnvelope(await boss.patch(`/v1/recruitments/uuid/${uuid}`, { end_period: '2026-04-01' }), 200, 0);
    expect((await read()).end_period).toBe('2026-04-01');
    expectEnvelope(await boss.patch(`/v1/recruitments/uuid/${uuid}`, { end_period: '2026-03-01' }), 409, -2002);

    expectEnvelope(await boss.delete(`/v1/recruitments/uuid/${uuid}`), 200, 0);
    expectEnvelope(await boss.get(`/v1/clubs/uuid/${clubUuid}/recruitment-uuid`), 409, -1601);
    expectEnvelope(await boss.get(`/v1/recruitments/uuid/${uuid}`), 404);
  });
});

describe('deleting and reading clubs', () => {
  it('a club cannot be deleted while it recruits (-1901); once deleted it is gone from every read', async () => {
    const [leader, member] = [await s.newStudent(), await s.newStudent()];
    const clubUuid = await newClub(s, leader, [member], { field: '삭제' });
    const recruitment = await newRecruitment(s, leader.token, clubUuid);
    const reader = s.as(member.token);
    const clubs = (await reader.get<CountEnvelope>('/v1/clubs/count')).body.count;
    expectEnvelope(await s.as(leader.token).delete(`/v1/clubs/uuid/${clubUuid}`), 409, -1901);
    expectEnvelope(await s.as(leader.token).delete(`/v1/recruitments/uuid/${recruitment}`), 200, 0);
    expectEnvelope(await s.as(leader.token).delete(`/v1/clubs/uuid/${clubUuid}`), 200, 0);

    expectEnvelope(await reader.get(`/v1/clubs/uuid/${clubUuid}`), 404);
    expectEnvelope(await reader.get(`/v1/clubs?club_uuids=${clubUuid}`), 404);
    expectEnvelope(await reader.get(`/v1/leaders/uuid/${leader.uuid}/club-uuid`), 409, -1611);
    expect((await reader.get<CountEnvelope>('/v1/clubs/count')).body.count).toBe(clubs - 1);
    expect((await reader.get<ClubFieldList>('/v1/clubs/property/fields')).body.fields).not.toContain('삭제');
    const listed = (await reader.get<ClubList>('/v1/clubs/sorted-by/update-time?count=1000')).body.clubs;
    expect(listed.map((c) => c.club_uuid)).not.toContain(clubUuid);
    expect((await fetch(`${s.system.gatewayUrl}/v1/clubs/uuid/${clubUuid}/logo`)).status).toBe(404);
    expectEnvelope(await s.as(leader.token).delete(`/v1/clubs/uuid/${clubUuid}`), 404, -1721);
  });

  it('lists filter by exact field and by part of the name (taken literally), and page by start and count', async () => {
    const field = `F${Date.now() % 100000}`;
    const leaders = [await s.newStudent(), await s.newStudent(), await s.newStudent()];
    const a = await newClub(s, leaders[0]!, [], { name: `${field} 로봇%부`, field });
    const b = await newClub(s, leaders[1]!, [], { name: `${field} 드론부`, field });
    await newClub(s, leaders[2]!, [], { name: `${field}_게임부`, field: `${field}x` });
    const reader = s.as(leaders[0]!.token);
    const uuids = async (query: string) =>
      (await reader.get<ClubList>(`/v1/clubs/sorted-by/update-time?${query}`)).body.clubs.map((c) => c.club_uuid);
    expect(await uuids(`field=${field}`)).toEqual([b, a]);
    expect(await uuids(`field=${field}&count=1`)).toEqual([b]);
    expect(await uuids(`field=${field}&start=1&count=1`)).toEqual([a]);
    expect(await uuids(`name=${encodeURIComponent('%')}`)).toEqual([a]);
    expect(await uuids(`name=${encodeURIComponent(`${field}_`)}`)).toHaveLength(1);
    expect((await reader.get<ClubFieldList>('/v1/clubs/property/fields')).body.fields).toEqual(
      expect.arrayContaining([field, `${field}x`]),
    );

    await newRecruitment(s, leaders[1]!.token, b);
    const recruiting = await reader.get<RecruitmentList>(`/v1/recruitments/sorted-by/create-time?field=${field}`);
    expect(recruiting.body.recruitments.map((r) => r.club_uuid)).toEqual([b]);
  });

  it('GET /v1/clubs and /v1/recruitment-uuids take several uuids (repeated, comma-separated or as ClubUUIDs)', async () => {
    const [one, two] = [await s.newStudent(), await s.newStudent()];
    const a = await newClub(s, one);
    const b = await newClub(s, two);
    const recruitment = await newRecruitment(s, two.token, b);
    const reader = s.as(one.token);
    const clubs = await s.as(teacher.token).get<ClubList>(`/v1/clubs?club_uuids=${b}&club_uuids=${a}`);
    expectEnvelope(clubs, 200, 0);
    expect(clubs.body.clubs.map((c) => [c.club_uuid, c.floor])).toEqual([
      [b, 2],
      [a, 2],
    ]);
    expect((await reader.get<ClubList>(`/v1/clubs?club_uuids=${a},${b}`)).body.clubs).toHaveLength(2);
    expect((await reader.get<ClubList>(`/v1/clubs?ClubUUIDs=${a}`)).body.clubs).toHaveLength(1);
    expectEnvelope(await reader.get(`/v1/clubs?club_uuids=${a}&club_uuids=club-000000000000`), 404);
    expectEnvelope(await reader.get('/v1/clubs'), 400, -203);
    const current = await reader.get<UuidsEnvelope<'uuids'>>(`/v1/recruitment-uuids?club_uuids=${a}&club_uuids=${b}`);
    expect(current.body.uuids).toEqual([recruitment]);
    expectEnvelope(await reader.get('/v1/recruitment-uuids?club_uuids=club-000000000000'), 404);
  });

  it('tells outing the members of the clubs on a floor (service to service, teachers and admins)', async () => {
    const [leader, member] = [await s.newStudent(), await s.newStudent()];
    await newClub(s, leader, [member], { floor: 5 });
    const club = s.system.service('club').url;
    const ask = (caller: { uuid: string; role: 'teacher' | 'student' }) =>
      fetch(`${club}/v1/clubs/floors/5/member-uuids`, {
        headers: s.system.vouchedHeaders({ sub: caller.uuid, role: caller.role }),
      });
    const answer = await ask({ uuid: teacher.uuid, role: 'teacher' });
    expect(answer.status).toBe(200);
    const { student_uuids } = (await answer.json()) as { student_uuids: string[] };
    expect(student_uuids).toEqual(expect.arrayContaining([leader.uuid, member.uuid]));
    expect((await ask({ uuid: leader.uuid, role: 'student' })).status).toBe(403);
  });
});

describe('while auth is down', () => {
  it('writes that ask auth answer 503 with Retry-After; reads and the rest still work; all recovers with auth', async () => {
    const [leader, member, newcomer] = [await s.newStudent(), await s.newStudent(), await s.newStudent()];
    const clubUuid = await newClub(s, leader, [member]);
    await s.system.stopService('auth');
    try {
      const refused = await createClub(clubForm(newcomer.uuid, []));
      expectEnvelope(refused, 503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const boss = s.as(leader.token);
      expectEnvelope(await boss.post(`/v1/clubs/uuid/${clubUuid}/members`, { student_uuid: newcomer.uuid }), 503);
      expectEnvelope(await boss.get(`/v1/clubs/uuid/${clubUuid}`), 200, 0);
      expectEnvelope(await boss.get('/v1/clubs/sorted-by/update-time'), 200, 0);
      expectEnvelope(await boss.delete(`/v1/clubs/uuid/${clubUuid}/members/${member.uuid}`), 200, 0);
      expectEnvelope(
        await boss.post('/v1/recruitments', {
          club_uuid: clubUuid,
          recruit_concept: 'x',
          members: [{ grade: 1, field: 'SW', number: 1 }],
        }),
        201,
        0,
      );
    } finally {
      await s.system.startService('auth');
    }
    expectEnvelope(
      await s.as(leader.token).post(`/v1/clubs/uuid/${clubUuid}/members`, { student_uuid: newcomer.uuid }),
      201,
      0,
    );
  });
});
