import { describe, expect, it } from 'vitest';
import { kstTime } from '../contracts/clock.ts';
import type { Caller } from '../contracts/identity.ts';
import {
  type Action,
  act,
  apply,
  OUTING_CODES as C,
  changeEndTime,
  checkTimes,
  isLate,
  type Outing,
  type OutingStatus,
} from './domain.ts';

const student: Caller = { uuid: 'student-000000000001', role: 'student' };
const otherStudent: Caller = { uuid: 'student-000000000002', role: 'student' };
const teacher: Caller = { uuid: 'teacher-000000000001', role: 'teacher' };
const parent: Caller = { uuid: 'parent-000000000001', role: 'parent' };
const admin: Caller = { uuid: 'admin-000000000001', role: 'admin' };
const CODE = '123456789012';
const NOW = kstTime('2026-03-10', '18:00');

const outing = (status: OutingStatus, extra: Partial<Outing> = {}): Outing => ({
  outing_uuid: 'outing-000000000001',
  student_uuid: student.uuid,
  status,
  situation: 'NORMAL',
  start_time: kstTime('2026-03-10', '17:00'),
  end_time: kstTime('2026-03-10', '19:00'),
  place: '병원',
  reason: '진료',
  arrival_time: null,
  accepted_teacher: null,
  confirm_code: status === '0' ? CODE : null,
  ...extra,
});

const STATUSES: OutingStatus[] = ['-2', '-1', '0', '1', '2', '3', '4', '5'];

/** Every (action, state) pair: the state it leads to, or the 409 code it is refused with (spec §2.2). */
const TABLE: Record<
  Exclude<Action, 'parent-approve' | 'parent-reject'>,
  Record<OutingStatus, OutingStatus | number>
> = {
  'teacher-approve': {
    '-2': -1000,
    '-1': C.rejectedByParent,
    '0': C.notApprovedByParent,
    '1': '2',
    '2': C.alreadyDecidedByTeacher,
    '3': C.alreadyDecidedByTeacher,
    '4': C.alreadyDecidedByTeacher,
    '5': C.alreadyDecidedByTeacher,
  },
  'teacher-reject': {
    '-2': C.alreadyDecidedByTeacher,
    '-1': C.rejectedByParent,
    '0': C.notApprovedByParent,
    '1': '-2',
    '2': C.alreadyDecidedByTeacher,
    '3': C.alreadyDecidedByTeacher,
    '4': C.alreadyDecidedByTeacher,
    '5': C.alreadyDecidedByTeacher,
  },
  start: {
    '-2': C.rejectedByTeacher,
    '-1': C.rejectedByParent,
    '0': C.notApprovedByParent,
    '1': C.notApprovedByTeacher,
    '2': '3',
    '3': C.alreadyOut,
    '4': -1000,
    '5': -1000,
  },
  end: {
    '-2': C.rejectedByTeacher,
    '-1': C.rejectedByParent,
    '0': C.notApprovedByParent,
    '1': C.notApprovedByTeacher,
    '2': C.notOut,
    '3': '4',
    '4': C.alreadyReturned,
    '5': C.alreadyReturned,
  },
  certify: {
    '-2': C.rejectedByTeacher,
    '-1': C.rejectedByParent,
    '0': C.notApprovedByParent,
    '1': C.notApprovedByTeacher,
    '2': C.notOut,
    '3': C.notReturned,
    '4': '5',
    '5': C.alreadyCertified,
  },
};
const ACTOR = {
  'teacher-approve': teacher,
  'teacher-reject': teacher,
  start: student,
  end: teacher,
  certify: teacher,
} as const;

describe('the outing state machine', () => {
  for (const [action, row] of Object.entries(TABLE) as [
    keyof typeof TABLE,
    Record<OutingStatus, OutingStatus | number>,
  ][]) {
    for (const status of STATUSES) {
      const expected = row[status];
      it(`${action} from "${status}" → ${typeof expected === 'string' ? `"${expected}"` : `409 ${expected}`}`, () => {
        const d = act(outing(status), action, ACTOR[action], NOW);
        if (typeof expected === 'string') {
          expect(d).toMatchObject({ ok: true, outing: { status: expected } });
        } else {
          expect(d).toMatchObject({ ok: false, status: 409, code: expected });
        }
      });
    }
  }

  it.each<[OutingStatus, OutingStatus]>([['0', '1']])(
    'parent-approve with the right code: "%s" → "%s", the code is spent and the student told',
    (from, to) => {
      const d = act(outing(from), 'parent-approve', undefined, NOW, CODE);
      if (!d.ok) throw new Error(d.message);
      expect(d.outing).toMatchObject({ status: to, confirm_code: null });
      expect(d.sms).toEqual([expect.objectContaining({ to_uuid: student.uuid, reason: 'outing-parent-approved' })]);
    },
  );

  it('parent-reject with the right code: "0" → "-1"', () => {
    expect(act(outing('0'), 'parent-reject', undefined, NOW, CODE)).toMatchObject({
      ok: true,
      outing: { status: '-1', confirm_code: null },
    });
  });

  it.each(STATUSES.filter((s) => s !== '0'))('a parent decision on "%s" is refused with 409 -2103', (status) => {
    const withCode = outing(status, { confirm_code: CODE });
    expect(act(withCode, 'parent-approve', undefined, NOW, CODE)).toMatchObject({
      ok: false,
      status: 409,
      code: C.notWaitingForParent,
    });
    expect(act(withCode, 'parent-reject', undefined, NOW, CODE)).toMatchObject({
      ok: false,
      status: 409,
      code: C.notWaitingForParent,
    });
  });

  it.each([undefined, '000000000000'])('a parent decision with a wrong or missing code (%s) is 404 -2301', (code) => {
    expect(act(outing('0'), 'parent-approve', undefined, NOW, code)).toMatchObject({
      ok: false,
      status: 404,
      code: C.notFound,
    });
  });

  it.each<[Action, Caller]>([
    ['teacher-approve', student],
    ['teacher-approve', parent],
    ['teacher-reject', admin],
    ['end', student],
    ['certify', student],
    ['certify', admin],
    ['start', otherStudent],
    ['start', teacher],
  ])('%s by %o is 403 -2601', (action, actor) => {
    expect(act(outing('1'), action, actor, NOW)).toMatchObject({ ok: false, status: 403, code: C.unauthorized });
  });

  it('end records the arrival time; certify records the teacher', () => {
    const ended = act(outing('3'), 'end', teacher, NOW);
    expect(ended).toMatchObject({ ok: true, outing: { status: '4', arrival_time: NOW } });
    const certified = act(outing('4', { arrival_time: NOW }), 'certify', teacher, NOW);
    expect(certified).toMatchObject({ ok: true, outing: { status: '5', accepted_teacher: teacher.uuid } });
  });

  it('teacher approval texts the student and the homeroom teacher (unless the approver is that teacher); start texts the parent', () => {
    const approved = act(outing('1'), 'teacher-approve', teacher, NOW);
    if (!approved.ok) throw new Error(approved.message);
    expect(approved.sms).toEqual([
      expect.objectContaining({ to_uuid: student.uuid, reason: 'outing-approved' }),
      expect.objectContaining({ to_homeroom_of: student.uuid, except_uuid: teacher.uuid }),
    ]);
    const started = act(outing('2'), 'start', student, NOW);
    if (!started.ok) throw new Error(started.message);
    expect(started.sms).toEqual([expect.objectContaining({ to_parent_of: student.uuid, reason: 'outing-started' })]);
  });
});

describe('creation time rules (Korea time)', () => {
  const at = (time: string, date = '2026-03-10') => kstTime(date, time);

  it('accepts an outing later today', () => {
    expect(checkTimes({ start_time: at('17:00'), end_time: at('19:00') }, at('16:59'))).toBeUndefined();
  });

  it('accepts a start at exactly now and an end at exactly the next midnight', () => {
    expect(checkTimes({ start_time: at('23:00'), end_time: at('00:00', '2026-03-11') }, at('23:00'))).toBeUndefined();
  });

  it('refuses an end one second after the next midnight (KST)', () => {
    const d = checkTimes({ start_time: at('23:00'), end_time: at('00:00:01', '2026-03-11') }, at('22:00'));
    expect(d).toMatchObject({ status: 400, code: 0, message: 'The end time cannot be the day after the start time.' });
  });

  it('refuses a start one second in the past', () => {
    const d = checkTimes({ start_time: at('16:59:59'), end_time: at('19:00') }, at('17:00'));
    expect(d).toMatchObject({ status: 400, message: 'The start time must not be earlier than the current time.' });
  });

  it('refuses a start tomorrow, even one second after midnight KST', () => {
    const d = checkTimes(
      { start_time: at('00:00', '2026-03-11'), end_time: at('01:00', '2026-03-11') },
      at('23:59:59'),
    );
    expect(d).toMatchObject({ status: 400, message: 'Start time should be today.' });
  });

  it('uses the Korean day, not UTC: 08:59 KST (23:59 UTC the day before) and 09:00 KST are the same day', () => {
    expect(checkTimes({ start_time: at('09:00'), end_time: at('10:00') }, at('08:59'))).toBeUndefined();
    // 00:30 KST on the 10th is still the 9th in UTC: a start at 23:00 KST on the 10th is "today".
    expect(checkTimes({ start_time: at('23:00'), end_time: at('23:30') }, at('00:30'))).toBeUndefined();
  });

  it('refuses a start at or after the end', () => {
    expect(checkTimes({ start_time: at('18:00'), end_time: at('18:00') }, at('17:00'))).toMatchObject({
      status: 400,
      message: 'The start time must be before the end time.',
    });
  });
});

describe('applying', () => {
  const application = {
    start_time: kstTime('2026-03-10', '17:00'),
    end_time: kstTime('2026-03-10', '19:00'),
    place: '병원',
    reason: '진료',
  };
  const ids = { outing_uuid: 'outing-000000000009', confirm_code: CODE };

  it('goes straight to the teacher ("1") when parent approval is off', () => {
    const { outing: o, sms } = apply(student.uuid, { ...application, situation: 'NORMAL' }, ids, {
      approvalRequired: false,
      linked: true,
    });
    expect(o).toMatchObject({ status: '1', confirm_code: null });
    expect(sms).toEqual([]);
  });

  it('waits for the parent ("0") with a code texted to them when approval is on and the student has a parent', () => {
    const { outing: o, sms } = apply(student.uuid, { ...application, situation: 'NORMAL' }, ids, {
      approvalRequired: true,
      linked: true,
    });
    expect(o).toMatchObject({ status: '0', confirm_code: CODE });
    expect(sms).toEqual([expect.objectContaining({ to_parent_of: student.uuid, text: expect.stringContaining(CODE) })]);
  });

  it('skips the parent for an emergency, and for a student without a parent', () => {
    expect(
      apply(student.uuid, { ...application, situation: 'EMERGENCY' }, ids, { approvalRequired: true, linked: true })
        .outing.status,
    ).toBe('1');
    expect(
      apply(student.uuid, { ...application, situation: 'NORMAL' }, ids, { approvalRequired: true, linked: false })
        .outing.status,
    ).toBe('1');
  });
});

describe('end time changes and lateness', () => {
  it('moves the end time only while the outing waits for a teacher (else 409 -2400)', () => {
    const later = kstTime('2026-03-10', '20:00');
    expect(changeEndTime(outing('1'), later)).toMatchObject({ ok: true, outing: { end_time: later } });
    for (const status of STATUSES.filter((s) => s !== '1')) {
      expect(changeEndTime(outing(status), later)).toMatchObject({ ok: false, status: 409, code: C.endTimeFixed });
    }
    expect(changeEndTime(outing('1'), kstTime('2026-03-10', '16:00'))).toMatchObject({ ok: false, status: 400 });
  });

  it('is late only when returned after the end time', () => {
    const end = kstTime('2026-03-10', '19:00');
    expect(isLate({ status: '4', end_time: end, arrival_time: end + 1 })).toBe(true);
    expect(isLate({ status: '5', end_time: end, arrival_time: end + 1 })).toBe(true);
    expect(isLate({ status: '4', end_time: end, arrival_time: end })).toBe(false);
    expect(isLate({ status: '3', end_time: end, arrival_time: null })).toBe(false);
  });
});
