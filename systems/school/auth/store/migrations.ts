import { autoId, isMysql, type Migrations } from '@mosaic/kit/store';
import { type Kysely, sql } from 'kysely';

const account = (db: Kysely<unknown>, table: string) =>
  db.schema
    .createTable(table)
    .addColumn('uuid', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('pw_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('name', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull());

export const migrations: Migrations = {
  '001_accounts': {
    async up(db: Kysely<unknown>) {
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
    async up(db: Kysely<unknown>) {
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
