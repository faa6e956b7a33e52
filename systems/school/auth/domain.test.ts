import { describe, expect, it } from 'vitest';
import { roleOf } from '../contracts/accounts.ts';
import { accountUuid, loginRefusal, seesPrivateFields, showParentStatus } from './domain.ts';
import { readRoster } from './roster.ts';

describe('parent status', () => {
  it('shows UN_CONNECTED once, then nothing', () => {
    const first = showParentStatus('NOT_CONN_NOT_NOTIFY');
    expect(first).toEqual({ shown: 'UN_CONNECTED', next: 'NOT_CONN_OK_NOTIFY' });
    expect(showParentStatus(first.next)).toEqual({ shown: '', next: 'NOT_CONN_OK_NOTIFY' });
  });

  it('shows CONNECTED once after linking, then nothing', () => {
    const first = showParentStatus('OK_CONN_NOT_NOTIFY');
    expect(first).toEqual({ shown: 'CONNECTED', next: 'OK_CONN_OK_NOTIFY' });
    expect(showParentStatus(first.next).shown).toBe('');
  });
});

describe('accounts', () => {
  it('makes uuids of the kind and 12 digits, which say their role', () => {
    const uuid = accountUuid('teacher', () => 7);
    expect(uuid).toBe('teacher-777777777777');
    expect(roleOf(uuid)).toBe('teacher');
    expect(roleOf('teacher-77777777777')).toBeUndefined();
    expect(roleOf('student-123456789012x')).toBeUndefined();
  });

  it('refuses an unknown id and a wrong password alike, and says "not certified" only to the right password', () => {
    expect(loginRefusal(undefined, false)).toBe('bad-credentials');
    expect(loginRefusal({}, false)).toBe('bad-credentials');
    expect(loginRefusal({ certified: true }, false)).toBe('bad-credentials');
    expect(loginRefusal({ certified: false }, false)).toBe('bad-credentials');
    expect(loginRefusal({ certified: false }, true)).toBe('not-certified');
    expect(loginRefusal({ certified: true }, true)).toBeUndefined();
    expect(loginRefusal({}, true)).toBeUndefined();
  });

  it("shows a student's private fields to the student, their parents and staff only", () => {
    const me = 'student-000000000001';
    const none = new Set<string>();
    expect(seesPrivateFields({ uuid: me, role: 'student' }, me, none)).toBe(true);
    expect(seesPrivateFields({ uuid: 'student-000000000002', role: 'student' }, me, none)).toBe(false);
    expect(seesPrivateFields({ uuid: 'parent-000000000001', role: 'parent' }, me, new Set([me]))).toBe(true);
    expect(seesPrivateFields({ uuid: 'parent-000000000002', role: 'parent' }, me, none)).toBe(false);
    expect(seesPrivateFields({ uuid: 'teacher-000000000001', role: 'teacher' }, me, none)).toBe(true);
    expect(seesPrivateFields({ uuid: 'admin-000000000001', role: 'admin' }, me, none)).toBe(true);
  });
});

describe('the Excel roster', () => {
  const header = ['학번', '성명', '전화번호'];

  it('reads rows under the header, squeezing spaces, skipping blank rows and sheets of two rows or fewer', () => {
    const result = readRoster([
      { name: 'tiny', rows: [header, ['1101', '김철수', '010-1111-2222']] },
      {
        name: '1학년',
        rows: [
          ['2026 명단'],
          header,
          ['1101', '김 철수', '"010-1111-2222"'],
          ['', '', ''],
          ['1 2 21', '이영희', '010.3333.4444'],
        ],
      },
    ]);
    expect(result).toEqual({
      ok: true,
      students: [
        { grade: 1, group: 1, student_number: 1, name: '김철수', phone_number: '01011112222' },
        { grade: 1, group: 2, student_number: 21, name: '이영희', phone_number: '01033334444' },
      ],
    });
  });

  it('accepts the English headers too', () => {
    const result = readRoster([
      {
        name: 's',
        rows: [
          ['student_number', 'name', 'phone_number'],
          ['3420', '박민수', '01055556666'],
          ['', '', ''],
        ],
      },
    ]);
    expect(result).toMatchObject({ ok: true, students: [{ grade: 3, group: 4, student_number: 20 }] });
  });

  it.each([
    ['1100', '김철수', '01011112222', 'student number'],
    ['1122', '김철수', '01011112222', 'student number'],
    ['4101', '김철수', '01011112222', 'student number'],
    ['1101', 'Kim', '01011112222', 'name'],
    ['1101', '김철수', '0101111222', 'phone'],
  ])('refuses %s / %s / %s, naming the %s and the row', (number, name, phone, what) => {
    const result = readRoster([{ name: 'S', rows: [header, [number, name, phone], ['', '', '']] }]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain('sheet "S" row 2');
      expect(result.message).toContain(what);
    }
  });

  it('refuses a sheet without the header', () => {
    const result = readRoster([
      {
        name: 'S',
        rows: [
          ['a', 'b'],
          ['1101', '김철수'],
          ['1102', '이영희'],
        ],
      },
    ]);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('no header row') });
  });
});
