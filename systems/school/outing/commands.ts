import { randomInt } from 'node:crypto';
import type { ServiceContext } from '@mosaic/kit/service';
import type { Tx } from '@mosaic/kit/store';
import { epochSec } from '../contracts/clock.ts';
import { fail, notFound } from '../contracts/envelope.ts';
import { type SmsMessage, schoolEvents } from '../contracts/events.ts';
import type { Caller } from '../contracts/identity.ts';
import { pageSize } from '../contracts/schemas.ts';
import { childrenOf, hasParent, membersOnFloor, studentsByUuid, studentsOfClass } from './clients.ts';
import {
  type Action,
  type Application,
  act,
  apply,
  changeEndTime,
  checkTimes,
  type Decision,
  isLate,
  OUTING_CODES,
  type Outing,
  type OutingStatus,
  outingDay,
} from './domain.ts';
import { type OutingFilter, type OutingTables, outings, settings } from './store.ts';

export type OutingContext = ServiceContext<OutingTables, 'auth' | 'club'>;

const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');
const nowIso = (ctx: OutingContext) => ctx.clock().toISOString();
const PARENT_APPROVAL = 'parent_approval';

/** Whether a normal outing of a student with a parent waits for the parent; default from the environment. */
export const parentApproval = (ctx: OutingContext) => ({
  async get(): Promise<boolean> {
    const stored = await settings(ctx.store.db).get(PARENT_APPROVAL);
    return (stored ?? process.env.MOSAIC_SCHOOL_PARENT_APPROVAL ?? '0') === '1';
  },
  async set(on: boolean): Promise<void> {
    await ctx.store.transaction((tx) => settings(tx.db).set(PARENT_APPROVAL, on ? '1' : '0'));
  },
});

/** `POST /v1/outings`: a student applies for today's outing. */
export const applyForOuting = (ctx: OutingContext) => async (student: Caller, application: Application) => {
  const now = epochSec(ctx.clock());
  const refusal = checkTimes(application, now);
  if (refusal) throw fail(refusal.status, refusal.code, refusal.message);
  const approvalRequired = application.situation === 'NORMAL' && (await parentApproval(ctx).get());
  // Auth is asked only when the answer matters: with parent approval off, applying never depends on it.
  const linked = approvalRequired ? await hasParent(ctx.clients.auth, student) : false;
  const day = outingDay(application.start_time);
  return ctx.store.transaction(async (tx) => {
    const repo = outings(tx.db);
    if (await repo.onDay(student.uuid, day.from, day.to)) {
      throw fail(409, OUTING_CODES.outingExists, 'you already applied for an outing that day');
    }
    const { outing, sms } = apply(
      student.uuid,
      application,
      { outing_uuid: `outing-${digits(12)}`, confirm_code: digits(12) },
      { approvalRequired, linked },
    );
    await repo.add(outing, nowIso(ctx));
    await publishSms(tx, outing, sms);
    return outing;
  });
};

/** `POST /v1/outings/uuid/:outing_uuid/actions/:action`. */
export const takeAction =
  (ctx: OutingContext) => async (outingUuid: string, action: Action, actor: Caller | undefined, code?: string) =>
    decide(ctx, outingUuid, (outing) => act(outing, action, actor, epochSec(ctx.clock()), code));

/** `PATCH /v1/outings/uuid/:outing_uuid`: a teacher changes the end time. */
export const moveEndTime = (ctx: OutingContext) => async (outingUuid: string, endTime: number) =>
  decide(ctx, outingUuid, (outing) => changeEndTime(outing, endTime));

async function decide(ctx: OutingContext, outingUuid: string, decision: (outing: Outing) => Decision) {
  return ctx.store.transaction(async (tx) => {
    const repo = outings(tx.db);
    const outing = await repo.find(outingUuid);
    if (!outing) throw notFound(`outing ${outingUuid} does not exist`, OUTING_CODES.notFound);
    const d = decision(outing);
    if (!d.ok) throw fail(d.status, d.code, d.message);
    await repo.save(d.outing, nowIso(ctx));
    await publishSms(tx, d.outing, d.sms);
    return d.outing;
  });
}

async function publishSms(tx: Tx<OutingTables>, outing: Outing, sms: readonly SmsMessage[]) {
  for (const message of sms) {
    await tx.publish(schoolEvents.event('SmsRequested', { about: outing.outing_uuid, ...message }));
  }
}

async function existing(ctx: OutingContext, outingUuid: string): Promise<Outing> {
  const outing = await outings(ctx.store.db).find(outingUuid);
  if (!outing) throw notFound(`outing ${outingUuid} does not exist`, OUTING_CODES.notFound);
  return outing;
}

/** An outing only its student may use (403 -2601 for anyone else): the pass and its actions. */
export const ownOuting = (ctx: OutingContext) => async (caller: Caller, outingUuid: string) => {
  const outing = await existing(ctx, outingUuid);
  if (caller.uuid !== outing.student_uuid) {
    throw fail(403, OUTING_CODES.unauthorized, 'only the student who applied may read this outing');
  }
  return outing;
};

/**
 * `GET /v1/outings/uuid/:outing_uuid`: its student, or a parent of that student (auth says whose parent the
 * caller is). The seed let parents past its role check and then refused them all at the owner check.
 */
export const readableOuting = (ctx: OutingContext) => async (caller: Caller, outingUuid: string) => {
  if (caller.role !== 'parent') return ownOuting(ctx)(caller, outingUuid);
  const outing = await existing(ctx, outingUuid);
  if (!(await childrenOf(ctx.clients.auth, caller)).includes(outing.student_uuid)) {
    throw fail(403, OUTING_CODES.unauthorized, 'a parent may read only their own children’s outings');
  }
  return outing;
};

export const outingView = (o: Outing) => ({
  outing_uuid: o.outing_uuid,
  place: o.place,
  reason: o.reason,
  start_time: o.start_time,
  end_time: o.end_time,
  outing_situation: o.situation,
  outing_status: o.status,
});

/** `GET /v1/outings/uuid/:outing_uuid/card`: the pass the student shows, with their name and photo. */
export const outingCard = (ctx: OutingContext) => async (caller: Caller, outingUuid: string) => {
  const outing = await ownOuting(ctx)(caller, outingUuid);
  const student = (await studentsByUuid(ctx.clients.auth, caller, [outing.student_uuid])).get(outing.student_uuid);
  if (!student) throw notFound(`student ${outing.student_uuid} of the outing is unknown to auth`);
  return {
    place: outing.place,
    start_time: outing.start_time,
    end_time: outing.end_time,
    outing_status: outing.status,
    name: student.name,
    grade: student.grade,
    group: student.group,
    number: student.student_number,
    profile_uri: student.profile_uri,
    reason: outing.reason,
  };
};

/** `GET /v1/students/uuid/:student_uuid/outings`: the student's own outings, latest end first. */
export const outingsOfStudent =
  (ctx: OutingContext) => async (caller: Caller, studentUuid: string, start: number, count: number) => {
    if (caller.uuid !== studentUuid) throw fail(403, OUTING_CODES.unauthorized, 'students read only their own outings');
    const list = await outings(ctx.store.db).ofStudent(studentUuid, start, pageSize(count));
    return list.map((o) => ({ ...outingView(o), arrival_time: o.arrival_time ?? 0 }));
  };

export interface FilterQuery {
  start: number;
  count: number;
  status?: string;
  grade: number;
  group: number;
  floor: number;
  start_time: number;
  end_time: number;
}

/**
 * `GET /v1/outings/with-filter` (teachers), the seed's precedence: a time range lists certified outings in it
 * (optionally of a class); else a grade lists that class's outings; else a floor its club members'; else all.
 */
export const filterOutings = (ctx: OutingContext) => async (teacher: Caller, query: FilterQuery) => {
  const statuses = query.status ? [query.status as OutingStatus] : undefined;
  const filter: OutingFilter = { offset: query.start, limit: query.count };
  if (query.start_time) {
    Object.assign(filter, {
      statuses: ['5'],
      startFrom: query.start_time,
      ...(query.end_time ? { startTo: query.end_time } : {}),
    });
    if (query.grade) filter.students = await studentsOfClass(ctx.clients.auth, teacher, query.grade, query.group);
  } else if (query.grade) {
    Object.assign(filter, {
      statuses,
      students: await studentsOfClass(ctx.clients.auth, teacher, query.grade, query.group),
    });
  } else if (query.floor) {
    Object.assign(filter, { statuses, students: await membersOnFloor(ctx.clients.club, teacher, query.floor) });
  } else {
    Object.assign(filter, { statuses });
  }
  const found = await outings(ctx.store.db).filter(filter);
  const students = await studentsByUuid(
    ctx.clients.auth,
    teacher,
    found.map((o) => o.student_uuid),
  );
  return found.map((o) => {
    const student = students.get(o.student_uuid);
    return {
      ...outingView(o),
      name: student?.name ?? '',
      grade: student?.grade ?? 0,
      group: student?.group ?? 0,
      number: student?.student_number ?? 0,
      is_late: isLate(o),
      arrival_time: o.arrival_time ?? 0,
    };
  });
};

/** `GET /v1/outings/code/:OCode`: what the parent is asked to approve. */
export const outingByCode = (ctx: OutingContext) => async (code: string) => {
  const outing = await outings(ctx.store.db).findByCode(code);
  if (!outing) throw notFound('no outing waits for a parent with this code', OUTING_CODES.notFound);
  return outingView(outing);
};
