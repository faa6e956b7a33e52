import type { Kysely } from 'kysely';
import type { AuthTables, StudentRow } from './tables.ts';

/** Only the columns an account lookup shows: never the password hash. */
export function studentInform(row: StudentRow) {
  return {
    student_uuid: row.uuid,
    grade: row.grade,
    group: row.group_no,
    student_number: row.student_number,
    name: row.name,
    phone_number: row.phone_number,
    profile_uri: row.profile_uri,
  };
}

/** The auth repository over whichever handle it is given (a transaction or the plain store). */
export function accounts(db: Kysely<AuthTables>) {
  return {
    admin: (by: { uuid?: string; id?: string }) => {
      let q = db.selectFrom('admins').selectAll();
      if (by.uuid) q = q.where('uuid', '=', by.uuid);
      if (by.id) q = q.where('admin_id', '=', by.id);
      return q.executeTakeFirst();
    },
    student: (by: { uuid?: string; id?: string }) => {
      let q = db.selectFrom('students').selectAll();
      if (by.uuid) q = q.where('uuid', '=', by.uuid);
      if (by.id) q = q.where('student_id', '=', by.id);
      return q.executeTakeFirst();
    },
    teacher: (by: { uuid?: string; id?: string }) => {
      let q = db.selectFrom('teachers').selectAll();
      if (by.uuid) q = q.where('uuid', '=', by.uuid);
      if (by.id) q = q.where('teacher_id', '=', by.id);
      return q.executeTakeFirst();
    },
    parent: (by: { uuid?: string; id?: string }) => {
      let q = db.selectFrom('parents').selectAll();
      if (by.uuid) q = q.where('uuid', '=', by.uuid);
      if (by.id) q = q.where('parent_id', '=', by.id);
      return q.executeTakeFirst();
    },
    studentAtSeat: (seat: { grade: number; group: number; student_number: number }) =>
      db
        .selectFrom('students')
        .selectAll()
        .where('grade', '=', seat.grade)
        .where('group_no', '=', seat.group)
        .where('student_number', '=', seat.student_number)
        .executeTakeFirst(),
    /**
     * A parent's children: the students whose parent of record they are, and those a child they declared was
     * matched to (a second parent declaring the same child becomes the parent of record; the first stays one).
     */
    childrenOf: (parentUuid: string) =>
      db
        .selectFrom('students')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('parent_uuid', '=', parentUuid),
            eb(
              'uuid',
              'in',
              eb
                .selectFrom('parent_children')
                .select('student_uuid')
                .where('parent_uuid', '=', parentUuid)
                .where('student_uuid', 'is not', null)
                .$narrowType<{ student_uuid: string }>(),
            ),
          ]),
        )
        .orderBy('grade')
        .orderBy('group_no')
        .orderBy('student_number')
        .execute(),
    studentsWithPhone: (phone: string) =>
      db.selectFrom('students').select('uuid').where('phone_number', '=', phone).executeTakeFirst(),
    homeroomTeacher: (grade: number, group: number) =>
      db.selectFrom('teachers').selectAll().where('grade', '=', grade).where('group_no', '=', group).executeTakeFirst(),
    async count() {
      const one = async (table: 'students' | 'teachers' | 'parents' | 'admins' | 'unsigned_students') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n ?? 0,
        );
      return {
        admins: await one('admins'),
        students: await one('students'),
        teachers: await one('teachers'),
        parents: await one('parents'),
        unsigned_students: await one('unsigned_students'),
      };
    },
  };
}
