// One file on purpose: a single state machine whose transitions share the status codes and refusal helpers.
/**
 * The outing (외출증) aggregate, spec §2.2: its states, every transition with its actor and refusal code,
 * and the creation time rules in Korea time. Pure: the clock and randomness come in as arguments.
 */

import { kstDate, kstDayStart, kstNextDayStart } from '../contracts/clock.ts';
import type { SmsMessage } from '../contracts/events.ts';
import type { Caller } from '../contracts/identity.ts';

/**
 * 0 created (waits for the parent), 1 parent-approved (or no parent step), -1 parent-rejected,
 * 2 teacher-approved, -2 teacher-rejected, 3 out, 4 returned, 5 certified by a teacher (사후제출).
 */
export type OutingStatus = '-2' | '-1' | '0' | '1' | '2' | '3' | '4' | '5';
export type Situation = 'NORMAL' | 'EMERGENCY';
export const ACTIONS = [
  'start',
  'end',
  'teacher-approve',
  'teacher-reject',
  'certify',
  'parent-approve',
  'parent-reject',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Outing {
  outing_uuid: string;
  student_uuid: string;
  status: OutingStatus;
  situation: Situation;
  /** Unix seconds. */
  start_time: number;
  end_time: number;
  place: string;
  reason: string;
  arrival_time: number | null;
  accepted_teacher: string | null;
  /** The 12-digit code texted to the parent while the outing waits for them (status 0). */
  confirm_code: string | null;
}

/** The seed's outing codes (UT:code/python/outing.py and the use cases); -2109 and -2111 are ours (certify). */
export const OUTING_CODES = {
  flowDefault: -1000,
  notApprovedByParent: -2101,
  rejectedByParent: -2102,
  notWaitingForParent: -2103,
  notApprovedByTeacher: -2104,
  rejectedByTeacher: -2105,
  alreadyDecidedByTeacher: -2106,
  notOut: -2107,
  alreadyOut: -2108,
  notReturned: -2109,
  alreadyReturned: -2110,
  alreadyCertified: -2111,
  notFound: -2301,
  endTimeFixed: -2400,
  outingExists: -2401,
  unauthorized: -2601,
} as const;

export type Refusal = { ok: false; status: 400 | 403 | 404 | 409; code: number; message: string };
export type Decision = { ok: true; outing: Outing; sms: SmsMessage[] } | Refusal;

const refuse = (status: 400 | 403 | 404 | 409, code: number, message: string): Refusal => ({
  ok: false,
  status,
  code,
  message,
});
const flow = (code: number, message: string) => refuse(409, code, message);

export interface Application {
  start_time: number;
  end_time: number;
  place: string;
  reason: string;
  situation: Situation;
}

/**
 * The creation time rules, in the seed's order (OUT:create_outing_usecase.py): the end no later than the
 * midnight after the start's day, the start not in the past, the start today (KST), the start before the end.
 */
export function checkTimes(
  application: Pick<Application, 'start_time' | 'end_time'>,
  now: number,
): Refusal | undefined {
  const { start_time: start, end_time: end } = application;
  if (end > kstNextDayStart(start)) return refuse(400, 0, 'The end time cannot be the day after the start time.');
  // The seed's words said the opposite of its check ("must be earlier than the current time").
  if (now > start) return refuse(400, 0, 'The start time must not be earlier than the current time.');
  if (kstDate(start) !== kstDate(now)) return refuse(400, 0, 'Start time should be today.');
  if (start >= end) return refuse(400, 0, 'The start time must be before the end time.');
  return undefined;
}

/** The Korean day an outing belongs to: one outing per student per day. */
export function outingDay(start: number): { from: number; to: number } {
  return { from: kstDayStart(start), to: kstNextDayStart(start) };
}

/**
 * A new outing. With parent approval on, a normal outing of a student who has a parent waits for the parent
 * (status 0) who is texted a code; emergencies, and students without a parent, go straight to the teacher.
 */
export function apply(
  student: string,
  application: Application,
  ids: { outing_uuid: string; confirm_code: string },
  parent: { approvalRequired: boolean; linked: boolean },
): { outing: Outing; sms: SmsMessage[] } {
  const waitsForParent = parent.approvalRequired && parent.linked && application.situation === 'NORMAL';
  const outing: Outing = {
    outing_uuid: ids.outing_uuid,
    student_uuid: student,
    status: waitsForParent ? '0' : '1',
    situation: application.situation,
    start_time: application.start_time,
    end_time: application.end_time,
    place: application.place,
    reason: application.reason,
    arrival_time: null,
    accepted_teacher: null,
    confirm_code: waitsForParent ? ids.confirm_code : null,
  };
  const sms: SmsMessage[] = waitsForParent
    ? [
        {
          to_parent_of: student,
          text: `[외출] 자녀가 외출을 신청했습니다 (${application.place}). 승인 코드: ${ids.confirm_code}`,
          reason: 'outing-parent-code',
        },
      ]
    : [];
  return { outing, sms };
}

/** Takes an action on an outing; `code` is the parent's confirm code for the parent actions. */
export function act(outing: Outing, action: Action, actor: Caller | undefined, now: number, code?: string): Decision {
  switch (action) {
    case 'parent-approve':
    case 'parent-reject':
      return parentDecides(outing, action === 'parent-approve', code);
    case 'teacher-approve':
    case 'teacher-reject':
      if (actor?.role !== 'teacher')
        return refuse(403, OUTING_CODES.unauthorized, 'only a teacher may approve or reject an outing');
      return teacherDecides(outing, action === 'teacher-approve', actor.uuid);
    case 'start':
      if (actor?.role !== 'student' || actor.uuid !== outing.student_uuid) {
        return refuse(403, OUTING_CODES.unauthorized, 'only the student who applied may start the outing');
      }
      return start(outing);
    case 'end':
      if (actor?.role !== 'teacher') return refuse(403, OUTING_CODES.unauthorized, 'only a teacher may end an outing');
      return end(outing, now);
    case 'certify':
      if (actor?.role !== 'teacher')
        return refuse(403, OUTING_CODES.unauthorized, 'only a teacher may certify an outing');
      return certify(outing, actor.uuid);
  }
}

function parentDecides(outing: Outing, approve: boolean, code: string | undefined): Decision {
  if (!code || outing.confirm_code !== code) {
    return refuse(404, OUTING_CODES.notFound, 'no outing waits for a parent with this code');
  }
  if (outing.status !== '0')
    return flow(OUTING_CODES.notWaitingForParent, 'the outing does not wait for a parent decision');
  const decided: Outing = { ...outing, status: approve ? '1' : '-1', confirm_code: null };
  return {
    ok: true,
    outing: decided,
    sms: [
      {
        to_uuid: outing.student_uuid,
        text: approve
          ? `[외출] 부모님이 외출(${outing.place})을 승인했습니다. 선생님의 승인을 기다립니다.`
          : `[외출] 부모님이 외출(${outing.place})을 거절했습니다.`,
        reason: approve ? 'outing-parent-approved' : 'outing-parent-rejected',
      },
    ],
  };
}

function teacherDecides(outing: Outing, approve: boolean, teacher: string): Decision {
  switch (outing.status) {
    case '1':
      break;
    case '0':
      return flow(OUTING_CODES.notApprovedByParent, 'the outing still waits for the parent');
    case '-1':
      return flow(OUTING_CODES.rejectedByParent, 'the parent rejected the outing');
    case '-2':
      return approve
        ? flow(OUTING_CODES.flowDefault, 'a teacher already rejected the outing')
        : flow(OUTING_CODES.alreadyDecidedByTeacher, 'a teacher already decided on the outing');
    default:
      return flow(OUTING_CODES.alreadyDecidedByTeacher, 'a teacher already decided on the outing');
  }
  const decided: Outing = { ...outing, status: approve ? '2' : '-2' };
  const sms: SmsMessage[] = [
    {
      to_uuid: outing.student_uuid,
      text: approve
        ? `[외출] 외출(${outing.place})이 승인되었습니다.`
        : `[외출] 외출(${outing.place})이 반려되었습니다.`,
      reason: approve ? 'outing-approved' : 'outing-rejected',
    },
  ];
  // The seed meant to tell the homeroom teacher when someone else approved (its comparison was always false).
  if (approve) {
    sms.push({
      to_homeroom_of: outing.student_uuid,
      except_uuid: teacher,
      text: `[외출] 담임 반 학생의 외출(${outing.place})이 다른 선생님에 의해 승인되었습니다.`,
      reason: 'outing-approved-homeroom',
    });
  }
  return { ok: true, outing: decided, sms };
}

function start(outing: Outing): Decision {
  switch (outing.status) {
    case '2':
      return {
        ok: true,
        outing: { ...outing, status: '3' },
        sms: [
          {
            to_parent_of: outing.student_uuid,
            text: `[외출] 자녀가 외출(${outing.place})을 시작했습니다.`,
            reason: 'outing-started',
          },
        ],
      };
    case '0':
    case '-1':
    case '1':
    case '-2':
      return notApproved(outing.status);
    case '3':
      return flow(OUTING_CODES.alreadyOut, 'the outing has already started');
    default:
      return flow(OUTING_CODES.flowDefault, 'the outing is already over');
  }
}

/** Start, end and certify all refuse an outing that was never approved, with the seed's code for why. */
function notApproved(status: '0' | '-1' | '1' | '-2'): Decision {
  switch (status) {
    case '0':
      return flow(OUTING_CODES.notApprovedByParent, 'the outing still waits for the parent');
    case '-1':
      return flow(OUTING_CODES.rejectedByParent, 'the parent rejected the outing');
    case '1':
      return flow(OUTING_CODES.notApprovedByTeacher, 'a teacher has not approved the outing yet');
    case '-2':
      return flow(OUTING_CODES.rejectedByTeacher, 'a teacher rejected the outing');
  }
}

function end(outing: Outing, now: number): Decision {
  switch (outing.status) {
    case '3':
      return { ok: true, outing: { ...outing, status: '4', arrival_time: now }, sms: [] };
    case '0':
    case '-1':
    case '1':
    case '-2':
      return notApproved(outing.status);
    case '2':
      return flow(OUTING_CODES.notOut, 'the student has not gone out yet');
    default:
      return flow(OUTING_CODES.alreadyReturned, 'the student has already returned');
  }
}

/** Only a returned outing can be certified: the guard the seed built but never raised. */
function certify(outing: Outing, teacher: string): Decision {
  switch (outing.status) {
    case '4':
      return { ok: true, outing: { ...outing, status: '5', accepted_teacher: teacher }, sms: [] };
    case '0':
    case '-1':
    case '1':
    case '-2':
      return notApproved(outing.status);
    case '2':
      return flow(OUTING_CODES.notOut, 'the student has not gone out yet');
    case '3':
      return flow(OUTING_CODES.notReturned, 'the student has not returned yet');
    default:
      return flow(OUTING_CODES.alreadyCertified, 'the outing is already certified');
  }
}

/** A teacher moves the end time of an outing that waits for a teacher (status 1 only, else -2400). */
export function changeEndTime(outing: Outing, endTime: number): Decision {
  if (outing.status !== '1')
    return flow(OUTING_CODES.endTimeFixed, 'the end time can change only while the outing waits for a teacher');
  if (endTime <= outing.start_time) return refuse(400, 0, 'The start time must be before the end time.');
  if (endTime > kstNextDayStart(outing.start_time))
    return refuse(400, 0, 'The end time cannot be the day after the start time.');
  return { ok: true, outing: { ...outing, end_time: endTime }, sms: [] };
}

/** Late: returned after the end time (only known once returned, status 4 or 5). */
export function isLate(outing: Pick<Outing, 'status' | 'arrival_time' | 'end_time'>): boolean {
  return Number(outing.status) >= 4 && outing.arrival_time !== null && outing.arrival_time > outing.end_time;
}
