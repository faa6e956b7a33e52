import { type SigningKeyTables, signingKeysMigration } from '@mosaic/kit/auth';
import { autoId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely } from 'kysely';
import type { Role } from '../contracts/events.ts';

/** The office's members (the seed had none) and the keys member signs their tokens with. */
export interface MemberTables extends SigningKeyTables {
  members: {
    id: Generated<number>;
    /** The seed's 5-digit user id: what bookings name and what a token's `sub` carries. */
    user_id: string;
    name: string;
    email: string;
    role: Role;
    password_hash: string;
    created_at: string;
  };
}

export const migrations: Migrations = {
  '001_members': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('members')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('user_id', 'varchar(5)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('email', 'varchar(200)', (c) => c.notNull())
        .addColumn('role', 'varchar(10)', (c) => c.notNull())
        .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .execute();
    },
  },
  '002_signing_keys': signingKeysMigration,
};

export type MemberRow = Omit<MemberTables['members'], 'id'> & { id: number };
