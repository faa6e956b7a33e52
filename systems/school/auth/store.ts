import { autoId, isMysql, type Migrations } from '@mosaic/kit/store';
import { type Generated, type Kysely, sql } from 'kysely';
import type { ParentStatus } from './domain.ts';

export interface AuthTables {
  admins: { uuid: string; admin_id: string; pw_hash: string; name: string; created_at: string };
  students: {
    uuid: string;
    student_id: string;
    pw_hash: string;
    parent_uuid: string | null;
    grade: number;
    group_no: number;
    student_number: number;
    name: string;
    phone_number: string;
    profile_uri: string;
    parent_status: ParentStatus;
    created_at: string;
  };
  teachers: {
    uuid: string;
    teacher_id: string;
    pw_hash: string;
    /** 0 or 1: a self-registered teacher signs in only once an admin certified them. */
    certified: number;
    grade: number;
    group_no: number;
    name: string;
    phone_number: string;
    created_at: string;
  };
  parents: {
    uuid: string;
    parent_id: string;
    pw_hash: string;
    name: string;
    phone_number: string | null;
    created_at: string;
  };
  /** The children a parent declared; `student_uuid` is filled once the child has an account. */
  parent_children: {
    id: Generated<number>;
    parent_uuid: string;
    grade: number;
    group_no: number;
    student_number: number;
    name: string;
    student_uuid: string | null;
  };
  /** Students imported from Excel who have not signed up yet; the auth code is what they sign up with. */
  unsigned_students: {
    auth_code: number;
    grade: number;
    group_no: number;
    student_number: number;
    name: string;
    phone_number: string;
    created_at: string;
  };
  /** The S3 stand-in: profile images, by key. */
  files: { key: string; content_type: string; data: Buffer; created_at: string };
  /** The SMS stand-in: every message the school would have texted, for an admin to read. */
  notifications: {
    id: Generated<number>;
    to_uuid: string | null;
    phone_number: string;
    text: string;
    reason: string;
    created_at: string;
  };
  /** ES256 keys tokens are signed with; public halves stay published until the last token they signed expires. */
  signing_keys: {
    kid: string;
    private_jwk: string;
    public_jwk: string;
    created_at: string;
    /** Epoch seconds from which the key signs (later than creation for a rotated-in key). */
    active_from: number;
    /** Epoch seconds from which it no longer signs; null while it is the newest. */
    retired_at: number | null;
  };
}

const account = (db: Kysely<any>, table: string) =>
  db.schema
    .createTable(table)
    .addColumn('uuid', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('pw_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('name', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull());

export const migrations: Migrations = {
  '001_accounts': {
    async up(db: Kysely<any>) {
      await account(db, 'admins')
        .addColumn('admin_id', 'varchar(20)', (c) => c.notNull().unique())
        .execute();
      await account(db, 'students')
        .addColumn('student_id', 'varchar(20)', (c) => c.notNull().unique())
        .addColumn('parent_uuid', 'varchar(24)')
        .addColumn('grade', 'integer', (c) => c.notNull())
        .addColumn('group_no', 'integer', (c) => c.notNull())
        .addColumn('student_number', 'integer', (c) => c.notNull())
        .addColumn('phone_number', 'varchar(11)', (c) => c.notNull().unique())
        .addColumn('profile_uri', 'varchar(200)', (c) => c.notNull())
        .addColumn('parent_status', 'varchar(24)', (c) => c.notNull())
        .addUniqueConstraint('students_seat', ['grade', 'group_no', 'student_number'])
        .execute();
      await account(db, 'teachers')
        .addColumn('teacher_id', 'varchar(20)', (c) => c.notNull().unique())
        .addColumn('certified', 'integer', (c) => c.notNull())
        .addColumn('grade', 'integer', (c) => c.notNull())
        .addColumn('group_no', 'integer', (c) => c.notNull())
        .addColumn('phone_number', 'varchar(11)', (c) => c.notNull().unique())
        .execute();
      await account(db, 'parents')
        .addColumn('parent_id', 'varchar(20)', (c) => c.notNull().unique())
        .addColumn('phone_number', 'varchar(11)', (c) => c.unique())
        .execute();
      await db.schema
        .createTable('parent_children')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('parent_uuid', 'varchar(24)', (c) => c.notNull())
        .addColumn('grade', 'integer', (c) => c.notNull())
        .addColumn('group_no', 'integer', (c) => c.notNull())
        .addColumn('student_number', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(20)', (c) => c.notNull())
        .addColumn('student_uuid', 'varchar(24)')
        .execute();
      await db.schema
        .createIndex('parent_children_seat')
        .on('parent_children')
        .columns(['grade', 'group_no', 'student_number'])
        .execute();
      await db.schema
        .createTable('unsigned_students')
        .addColumn('auth_code', 'integer', (c) => c.primaryKey())
        .addColumn('grade', 'integer', (c) => c.notNull())
        .addColumn('group_no', 'integer', (c) => c.notNull())
        .addColumn('student_number', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(20)', (c) => c.notNull())
        .addColumn('phone_number', 'varchar(11)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addUniqueConstraint('unsigned_students_seat', ['grade', 'group_no', 'student_number'])
        .execute();
    },
  },
  '002_files_notifications_keys': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('files')
        .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
        .addColumn('data', isMysql(db) ? sql`longblob` : 'bytea', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('to_uuid', 'varchar(24)')
        .addColumn('phone_number', 'varchar(11)', (c) => c.notNull())
        .addColumn('text', 'varchar(1000)', (c) => c.notNull())
        .addColumn('reason', 'varchar(40)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('private_jwk', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('active_from', 'bigint', (c) => c.notNull())
        .addColumn('retired_at', 'bigint')
        .execute();
    },
  },
};

export type StudentRow = AuthTables['students'];
export type TeacherRow = AuthTables['teachers'];
export type ParentRow = AuthTables['parents'];

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

export function files(db: Kysely<AuthTables>) {
  return {
    async put(key: string, contentType: string, data: Buffer, now: string) {
      await db.deleteFrom('files').where('key', '=', key).execute();
      await db.insertInto('files').values({ key, content_type: contentType, data, created_at: now }).execute();
    },
    async get(key: string) {
      const row = await db.selectFrom('files').selectAll().where('key', '=', key).executeTakeFirst();
      return row ? { contentType: row.content_type, data: Buffer.from(row.data) } : undefined;
    },
  };
}

export function notifications(db: Kysely<AuthTables>) {
  return {
    async add(message: { to_uuid: string | null; phone_number: string; text: string; reason: string }, now: string) {
      await db
        .insertInto('notifications')
        .values({ ...message, created_at: now })
        .execute();
    },
    async list(filter: { to_uuid?: string; phone_number?: string; start: number; count: number }) {
      let q = db.selectFrom('notifications').selectAll();
      if (filter.to_uuid) q = q.where('to_uuid', '=', filter.to_uuid);
      if (filter.phone_number) q = q.where('phone_number', '=', filter.phone_number);
      const rows = await q.orderBy('id', 'desc').limit(filter.count).offset(filter.start).execute();
      return rows.map((r) => ({
        notification_id: Number(r.id),
        to_uuid: r.to_uuid ?? '',
        phone_number: r.phone_number,
        text: r.text,
        reason: r.reason,
        created_at: Math.floor(Date.parse(r.created_at) / 1000),
      }));
    },
  };
}
