import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RosterRow } from '../roster.ts';
import { notifications } from '../store/notifications.ts';
import type { AuthTables } from '../store/tables.ts';
import { type AuthContext, now } from './context.ts';

/** Imports an Excel roster: rows whose seat has a student or an unsigned entry already are not added. */
export const importRoster = (ctx: AuthContext) => async (rows: readonly RosterRow[]) =>
  ctx.store.transaction(async (tx) => {
    let added = 0;
    for (const row of rows) {
      const seat = (table: 'students' | 'unsigned_students') =>
        tx.db
          .selectFrom(table)
          .select('grade')
          .where('grade', '=', row.grade)
          .where('group_no', '=', row.group)
          .where('student_number', '=', row.student_number)
          .executeTakeFirst();
      if ((await seat('students')) || (await seat('unsigned_students'))) continue;
      await tx.db
        .insertInto('unsigned_students')
        .values({
          auth_code: await freshAuthCode(tx.db),
          grade: row.grade,
          group_no: row.group,
          student_number: row.student_number,
          name: row.name,
          phone_number: row.phone_number,
          created_at: now(ctx),
        })
        .execute();
      added++;
    }
    return { req_student_count: rows.length, add_count: added, no_add_count: rows.length - added };
  });

async function freshAuthCode(db: Kysely<AuthTables>): Promise<number> {
  for (;;) {
    const code = randomInt(100_000, 1_000_000);
    const used = await db
      .selectFrom('unsigned_students')
      .select('auth_code')
      .where('auth_code', '=', code)
      .executeTakeFirst();
    if (!used) return code;
  }
}

/** `POST /v1/join-sms/unsigned-students`: texts each matching unsigned student their auth code. */
export const sendJoinSms =
  (ctx: AuthContext) => async (filter: { grade?: number; group?: number; student_number?: number }) =>
    ctx.store.transaction(async (tx) => {
      let q = tx.db.selectFrom('unsigned_students').selectAll();
      if (filter.grade) q = q.where('grade', '=', filter.grade);
      if (filter.group) q = q.where('group_no', '=', filter.group);
      if (filter.student_number) q = q.where('student_number', '=', filter.student_number);
      const rows = await q.execute();
      let sent = 0;
      for (const row of rows) {
        if (!row.phone_number) continue;
        await notifications(tx.db).add(
          {
            to_uuid: null,
            phone_number: row.phone_number,
            text: `[학교] ${row.name} 학생의 가입 인증 코드는 ${row.auth_code} 입니다.`,
            reason: 'join-code',
          },
          now(ctx),
        );
        sent++;
      }
      // The seed reported the sent count twice; the second number is the ones that could not be sent.
      return { send_count: sent, no_send_count: rows.length - sent };
    });
