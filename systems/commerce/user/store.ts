import {
  type RefreshSessionTables,
  refreshSessionsMigration,
  type SigningKeyTables,
  signingKeysMigration,
} from '@mosaic/kit/auth';
import { autoId, type Migrations } from '@mosaic/kit/store';
import type { Generated, Kysely } from 'kysely';

export const RECEIVE_TYPES = ['DOOR', 'SELF', 'OFFICE', 'POST', 'ETC'] as const;
export type ReceiveType = (typeof RECEIVE_TYPES)[number];
export type UserStatus = 'REGISTERED' | 'UNREGISTERED';

/** The seed's `users` schema (spec §6), with the sessions and the signing key of user's tokens. */
export interface UserTables extends RefreshSessionTables, SigningKeyTables {
  users: {
    id: Generated<number>;
    name: string;
    email: string;
    password: string;
    phone: string;
    status: UserStatus;
    registered_at: string;
    unregistered_at: string | null;
    last_login_at: string | null;
  };
  profiles: {
    id: Generated<number>;
    user_id: number;
    profile_image_url: string | null;
    nick_name: string | null;
    grade: 'BRONZE' | 'SILVER' | 'GOLD';
  };
  address: {
    id: Generated<number>;
    user_id: number;
    receiver: string;
    address1: string;
    address2: string;
    zipcode: string;
    phone: string;
    receive_type: ReceiveType;
    receive_message: string;
  };
}

export const migrations: Migrations = {
  '001_users': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('name', 'varchar(45)', (c) => c.notNull())
        // Unique: two racing sign-ups with one e-mail give one account, the other a 400 (the seed's 500, C-B4).
        .addColumn('email', 'varchar(80)', (c) => c.notNull().unique())
        .addColumn('password', 'varchar(200)', (c) => c.notNull())
        .addColumn('phone', 'varchar(45)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('registered_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('unregistered_at', 'varchar(32)')
        .addColumn('last_login_at', 'varchar(32)')
        .execute();
      await db.schema
        .createTable('profiles')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('user_id', 'integer', (c) => c.notNull().unique())
        .addColumn('profile_image_url', 'varchar(200)')
        .addColumn('nick_name', 'varchar(45)')
        .addColumn('grade', 'varchar(8)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('address')
        .addColumn('id', 'integer', autoId(db))
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('receiver', 'varchar(45)', (c) => c.notNull())
        .addColumn('address1', 'varchar(200)', (c) => c.notNull())
        .addColumn('address2', 'varchar(200)', (c) => c.notNull())
        .addColumn('zipcode', 'varchar(20)', (c) => c.notNull())
        .addColumn('phone', 'varchar(45)', (c) => c.notNull())
        .addColumn('receive_type', 'varchar(8)', (c) => c.notNull())
        .addColumn('receive_message', 'varchar(100)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('address_user').on('address').column('user_id').execute();
    },
  },
  '002_refresh_tokens': refreshSessionsMigration,
  '003_signing_keys': signingKeysMigration,
};
