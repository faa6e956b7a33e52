import { describe, expect, it } from 'vitest';
import {
  type Announcement,
  isAnnouncementType,
  isVisibleTo,
  mayChange,
  mayDelete,
  mayPost,
  normalizeContent,
  pageOffset,
  type Reader,
  targetDigits,
  targetNumber,
} from './domain.ts';

const announcement = (overrides: Partial<Announcement> = {}): Announcement => ({
  announcementUuid: 'announcement-000000000001',
  number: 1,
  type: 'school',
  writerUuid: 'teacher-000000000001',
  writerName: '박선생',
  clubName: null,
  title: '공지',
  content: '{}',
  targetGrade: '1',
  targetGroup: '12',
  writtenAt: '2026-03-10T00:00:00.000Z',
  ...overrides,
});

const student = (grade: number, group: number): Reader => ({
  uuid: 'student-000000000001',
  role: 'student',
  grade,
  group,
});

describe('targets', () => {
  it('keep the digits the API sends; 0 targets nobody', () => {
    expect(targetDigits(123)).toBe('123');
    expect(targetDigits(14)).toBe('14');
    expect(targetDigits(0)).toBe('');
    expect(targetNumber('')).toBe(0);
    expect(targetNumber('1234')).toBe(1234);
  });

  it('a student sees a school announcement only when both their grade and their class are among them', () => {
    expect(isVisibleTo(announcement(), student(1, 1))).toBe(true);
    expect(isVisibleTo(announcement(), student(1, 2))).toBe(true);
    expect(isVisibleTo(announcement(), student(1, 3))).toBe(false);
    expect(isVisibleTo(announcement(), student(2, 1))).toBe(false);
    expect(isVisibleTo(announcement({ targetGrade: '', targetGroup: '' }), student(1, 1))).toBe(false);
  });

  it('club announcements, and everything for anyone but a student, are visible whatever the targets', () => {
    expect(isVisibleTo(announcement({ type: 'club', targetGrade: '3' }), student(1, 1))).toBe(true);
    for (const role of ['teacher', 'parent', 'admin'] as const) {
      expect(isVisibleTo(announcement({ targetGrade: '' }), { uuid: `${role}-000000000001`, role })).toBe(true);
    }
  });
});

describe('who may write', () => {
  it('a student posts club announcements only, and only as a leader; others post either type', () => {
    expect(mayPost('student', 'club', true).ok).toBe(true);
    expect(mayPost('student', 'club', false).ok).toBe(false);
    expect(mayPost('student', 'school', true).ok).toBe(false);
    for (const role of ['teacher', 'parent', 'admin'] as const) {
      expect(mayPost(role, 'school', false).ok).toBe(true);
      expect(mayPost(role, 'club', false).ok).toBe(true);
    }
  });

  it('the writer or an admin changes it; only the writer deletes it', () => {
    const a = announcement();
    expect(mayChange(a, { uuid: a.writerUuid, role: 'teacher' })).toBe(true);
    expect(mayChange(a, { uuid: 'admin-000000000001', role: 'admin' })).toBe(true);
    expect(mayChange(a, { uuid: 'teacher-000000000002', role: 'teacher' })).toBe(false);
    expect(mayDelete(a, { uuid: a.writerUuid })).toBe(true);
    expect(mayDelete(a, { uuid: 'admin-000000000001' })).toBe(false);
  });
});

describe('content and paging', () => {
  it('content is a JSON object, relaxed JSON accepted and normalized', () => {
    expect(normalizeContent('{"content":"mock"}')).toBe('{"content":"mock"}');
    expect(normalizeContent("{'content':'mock'}")).toBe('{"content":"mock"}');
    expect(normalizeContent('{ content: "a", list: [1, 2], }')).toBe('{"content":"a","list":[1,2]}');
    for (const refused of ['text', '[1]', '"a"', '42', 'null', '{"a":'])
      expect(normalizeContent(refused)).toBeUndefined();
  });

  it('start is a page index, as Spring paged', () => {
    expect(pageOffset(0, 10)).toBe(0);
    expect(pageOffset(2, 10)).toBe(20);
  });

  it('knows the two types', () => {
    expect(isAnnouncementType('school')).toBe(true);
    expect(isAnnouncementType('club')).toBe(true);
    expect(isAnnouncementType('notice')).toBe(false);
  });
});
