import { describe, expect, it } from 'vitest';
import {
  addMember,
  type Club,
  closeRecruitment,
  dissolve,
  foundClub,
  handOver,
  isCalendarDate,
  isCurrent,
  openRecruitment,
  parseMemberList,
  type Recruitment,
  removeMember,
  reviseProfile,
  reviseRecruitment,
} from './domain.ts';

const LEADER = 'student-000000000001';
const MEMBER = 'student-000000000002';
const OTHER = 'student-000000000003';

const club: Club = {
  clubUuid: 'club-000000000001',
  leaderUuid: LEADER,
  memberUuids: [LEADER, MEMBER],
  name: '코딩부',
  field: 'SW',
  location: '2층 실습실',
  floor: 2,
  clubConcept: '앱 개발',
  introduction: '앱을 만듭니다',
  link: 'https://example.com',
  logoVersion: 1,
  updatedAt: '2026-03-10T00:00:00.000Z',
};

const recruitment = (endPeriod: string | null): Recruitment => ({
  recruitmentUuid: 'recruitment-000000000001',
  clubUuid: club.clubUuid,
  recruitConcept: '1학년 모집',
  members: [{ grade: 1, field: 'SW', number: 2 }],
  startPeriod: '2026-03-01',
  endPeriod,
  createdAt: '2026-03-01T00:00:00.000Z',
});

describe('founding a club', () => {
  const input = { name: '코딩부', field: 'SW', location: '실습실', floor: 2, leaderUuid: LEADER };

  it('reads the seed form member list "a|b", ignoring blanks', () => {
    expect(parseMemberList(` ${LEADER}| ${MEMBER} ||`)).toEqual([LEADER, MEMBER]);
  });

  it('needs the leader among the members', () => {
    expect(foundClub({ ...input, memberUuids: [MEMBER] })).toMatchObject({ ok: false, reason: 'leader-not-member' });
    expect(foundClub({ ...input, memberUuids: [MEMBER, LEADER] }).ok).toBe(true);
  });

  it('refuses a member listed twice', () => {
    expect(foundClub({ ...input, memberUuids: [LEADER, MEMBER, MEMBER] })).toMatchObject({
      ok: false,
      reason: 'member-duplicate',
    });
  });
});

describe('members and leader', () => {
  it('adds a student once', () => {
    expect(addMember(club, OTHER)).toMatchObject({ ok: true, state: { memberUuids: [LEADER, MEMBER, OTHER] } });
    expect(addMember(club, MEMBER)).toMatchObject({ ok: false, reason: 'already-member' });
  });

  it('removes a member, but never the leader and never a stranger', () => {
    expect(removeMember(club, MEMBER)).toMatchObject({ ok: true, state: { memberUuids: [LEADER] } });
    expect(removeMember(club, LEADER)).toMatchObject({ ok: false, reason: 'leader-cannot-leave' });
    expect(removeMember(club, OTHER)).toMatchObject({ ok: false, reason: 'not-member' });
  });

  it('hands over to a member who leads no other club', () => {
    expect(handOver(club, MEMBER, false)).toMatchObject({ ok: true, state: { leaderUuid: MEMBER } });
    expect(handOver(club, LEADER, false)).toMatchObject({ ok: false, reason: 'already-leader' });
    expect(handOver(club, OTHER, false)).toMatchObject({ ok: false, reason: 'not-member' });
    expect(handOver(club, MEMBER, true)).toMatchObject({ ok: false, reason: 'leads-another-club' });
  });

  it('keeps the current value of every profile field sent empty or not sent', () => {
    expect(reviseProfile(club, { clubConcept: '웹 개발', introduction: '' })).toMatchObject({
      clubConcept: '웹 개발',
      introduction: '앱을 만듭니다',
      link: 'https://example.com',
    });
  });

  it('cannot be dissolved while recruiting', () => {
    expect(dissolve(club, recruitment(null))).toMatchObject({ ok: false, reason: 'club-recruiting' });
    expect(dissolve(club, undefined).ok).toBe(true);
  });
});

describe('recruitments', () => {
  it('is current through its end day, or forever without one', () => {
    expect(isCurrent(recruitment('2026-03-20'), '2026-03-20')).toBe(true);
    expect(isCurrent(recruitment('2026-03-20'), '2026-03-21')).toBe(false);
    expect(isCurrent(recruitment(null), '2099-12-31')).toBe(true);
  });

  it('opens only when none is in progress, starting today, never ending in the past, asking for someone', () => {
    const input = { recruitConcept: '모집', endPeriod: '2026-03-20', members: [{ grade: 1, field: 'SW', number: 1 }] };
    expect(openRecruitment(club, undefined, input, '2026-03-10')).toMatchObject({
      ok: true,
      state: { clubUuid: club.clubUuid, startPeriod: '2026-03-10', endPeriod: '2026-03-20' },
    });
    expect(openRecruitment(club, recruitment(null), input, '2026-03-10')).toMatchObject({
      ok: false,
      reason: 'recruitment-in-progress',
    });
    expect(openRecruitment(club, undefined, { ...input, endPeriod: '2026-03-09' }, '2026-03-10')).toMatchObject({
      ok: false,
      reason: 'end-period-past',
    });
    expect(openRecruitment(club, undefined, { ...input, endPeriod: '2026-03-10' }, '2026-03-10').ok).toBe(true);
    expect(openRecruitment(club, undefined, { ...input, members: [] }, '2026-03-10')).toMatchObject({
      ok: false,
      reason: 'no-recruit-members',
    });
  });

  it('revises a current one: empty fields keep their value, members are replaced, the end moves', () => {
    const revised = reviseRecruitment(
      recruitment('2026-03-20'),
      { recruitConcept: '', members: [{ grade: 2, field: '보안', number: 3 }], endPeriod: '2026-04-01' },
      '2026-03-10',
    );
    expect(revised).toMatchObject({
      ok: true,
      state: {
        recruitConcept: '1학년 모집',
        members: [{ grade: 2, field: '보안', number: 3 }],
        endPeriod: '2026-04-01',
      },
    });
    expect(reviseRecruitment(recruitment('2026-03-20'), { members: [] }, '2026-03-10')).toMatchObject({
      ok: true,
      state: { members: [{ grade: 1, field: 'SW', number: 2 }] },
    });
    expect(reviseRecruitment(recruitment('2026-03-20'), { endPeriod: '2026-03-01' }, '2026-03-10')).toMatchObject({
      ok: false,
      reason: 'end-period-past',
    });
    expect(reviseRecruitment(recruitment('2026-03-09'), { recruitConcept: 'x' }, '2026-03-10')).toMatchObject({
      ok: false,
      reason: 'recruitment-not-current',
    });
  });

  it('closes only a current one', () => {
    expect(closeRecruitment(recruitment('2026-03-10'), '2026-03-10').ok).toBe(true);
    expect(closeRecruitment(recruitment('2026-03-09'), '2026-03-10')).toMatchObject({
      ok: false,
      reason: 'recruitment-not-current',
    });
  });

  it('knows a calendar day from a date-shaped string', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-3-1')).toBe(false);
  });
});
