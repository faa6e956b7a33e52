import { autoId, isMysql, type Migrations } from '@mosaic/kit/store';
import { type Kysely, sql } from 'kysely';

export const migrations: Migrations = {
  '001_clubs': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('clubs')
        .addColumn('club_uuid', 'varchar(17)', (c) => c.primaryKey())
        .addColumn('leader_uuid', 'varchar(20)', (c) => c.notNull())
        .addColumn('name', 'varchar(30)', (c) => c.notNull())
        .addColumn('field', 'varchar(20)', (c) => c.notNull())
        .addColumn('location', 'varchar(20)', (c) => c.notNull())
        .addColumn('floor', 'integer', (c) => c.notNull())
        .addColumn('club_concept', 'varchar(40)', (c) => c.notNull())
        .addColumn('introduction', 'varchar(150)', (c) => c.notNull())
        .addColumn('link', 'varchar(100)', (c) => c.notNull())
        .addColumn('logo_version', 'integer', (c) => c.notNull())
        .addColumn('active', 'boolean')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('deleted_at', 'varchar(32)')
        .execute();
      await db.schema.createIndex('clubs_live_name').unique().on('clubs').columns(['name', 'active']).execute();
      await db.schema.createIndex('clubs_live_location').unique().on('clubs').columns(['location', 'active']).execute();
      await db.schema
        .createIndex('clubs_live_leader')
        .unique()
        .on('clubs')
        .columns(['leader_uuid', 'active'])
        .execute();
      await db.schema.createIndex('clubs_updated').on('clubs').columns(['active', 'updated_at']).execute();

      await db.schema
        .createTable('club_members')
        .addColumn('seq', 'integer', autoId(db))
        .addColumn('club_uuid', 'varchar(17)', (c) => c.notNull())
        .addColumn('student_uuid', 'varchar(20)', (c) => c.notNull())
        .addColumn('joined_at', 'varchar(32)', (c) => c.notNull())
        .addUniqueConstraint('club_members_once', ['club_uuid', 'student_uuid'])
        .execute();

      await db.schema
        .createTable('recruitments')
        .addColumn('recruitment_uuid', 'varchar(24)', (c) => c.primaryKey())
        .addColumn('club_uuid', 'varchar(17)', (c) => c.notNull())
        .addColumn('recruit_concept', 'varchar(40)', (c) => c.notNull())
        .addColumn('start_period', 'varchar(10)', (c) => c.notNull())
        .addColumn('end_period', 'varchar(10)')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('deleted_at', 'varchar(32)')
        .execute();
      await db.schema
        .createIndex('recruitments_club')
        .on('recruitments')
        .columns(['club_uuid', 'deleted_at'])
        .execute();

      await db.schema
        .createTable('recruit_members')
        .addColumn('recruitment_uuid', 'varchar(24)', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('grade', 'integer', (c) => c.notNull())
        .addColumn('field', 'varchar(20)', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('recruit_members_pk', ['recruitment_uuid', 'position'])
        .execute();

      await db.schema
        .createTable('club_files')
        .addColumn('file_key', 'varchar(100)', (c) => c.primaryKey())
        .addColumn('content_type', 'varchar(50)', (c) => c.notNull())
        .addColumn('bytes', isMysql(db) ? sql`mediumblob` : 'bytea', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
};
