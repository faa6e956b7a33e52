import { autoId, insertWithId } from '@mosaic/kit/store';
import type { Generated, Kysely, Migration } from 'kysely';
import { localDateTime } from './tokens.ts';

/**
 * Sellers and supervisors: the seed kept both in one `managers` schema and mirrored `users` with another role.
 * Here each service has its own database and its own `managers` table of that one role.
 */
export interface ManagerTables {
  managers: {
    id: Generated<number>;
    name: string;
    email: string;
    password: string;
    phone: string;
    status: 'REGISTERED' | 'UNREGISTERED';
    registered_at: string;
    unregistered_at: string | null;
    last_login_at: string | null;
  };
}

export type Manager = {
  id: number;
  name: string;
  email: string;
  password: string;
  phone: string;
  status: 'REGISTERED' | 'UNREGISTERED';
  registered_at: string;
  unregistered_at: string | null;
  last_login_at: string | null;
};

export const managersMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('managers')
      .addColumn('id', 'integer', autoId(db))
      .addColumn('name', 'varchar(45)', (c) => c.notNull())
      .addColumn('email', 'varchar(80)', (c) => c.notNull().unique())
      .addColumn('password', 'varchar(200)', (c) => c.notNull())
      .addColumn('phone', 'varchar(45)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('registered_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('unregistered_at', 'varchar(32)')
      .addColumn('last_login_at', 'varchar(32)')
      .execute();
  },
};

/** The managers of one service's database. */
export function managersOf(store: { db: unknown }) {
  // Kysely<DB> is invariant, so a service's wider table set cannot be passed as this narrower one.
  const db = store.db as Kysely<ManagerTables>;
  const now = () => new Date().toISOString();
  return {
    byEmail: (email: string): Promise<Manager | undefined> =>
      db.selectFrom('managers').selectAll().where('email', '=', email).executeTakeFirst(),
    byId: (id: number): Promise<Manager | undefined> =>
      db.selectFrom('managers').selectAll().where('id', '=', id).executeTakeFirst(),
    async activeEmail(id: number): Promise<string | undefined> {
      const row = await db.selectFrom('managers').select(['email', 'status']).where('id', '=', id).executeTakeFirst();
      return row?.status === 'REGISTERED' ? row.email : undefined;
    },
    async loggedIn(id: number): Promise<void> {
      await db.updateTable('managers').set({ last_login_at: now() }).where('id', '=', id).execute();
    },
    async add(account: { name: string; email: string; password: string; phone: string }): Promise<Manager> {
      const values = {
        ...account,
        status: 'REGISTERED',
        registered_at: now(),
        unregistered_at: null,
        last_login_at: null,
      };
      const id = await insertWithId(db, 'managers', values, 'id');
      return { id, ...values, status: 'REGISTERED' };
    },
    async change(id: number, change: { name: string; password: string; phone: string }): Promise<Manager | undefined> {
      await db.updateTable('managers').set(change).where('id', '=', id).execute();
      return db.selectFrom('managers').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async list(page: number, size: number): Promise<{ rows: Manager[]; total: number }> {
      const rows = await db
        .selectFrom('managers')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(size)
        .offset(page * size)
        .execute();
      const counted = await db
        .selectFrom('managers')
        .select((eb) => eb.fn.countAll<number | string>().as('total'))
        .executeTakeFirstOrThrow();
      return { rows, total: Number(counted.total) };
    },
  };
}

/** A manager as answered: never the password hash. */
export function managerView(m: Manager, role: 'SELLER' | 'SUPERVISOR') {
  return {
    id: m.id,
    name: m.name,
    email: m.email,
    phone: m.phone,
    role,
    status: m.status,
    registered_at: localDateTime(m.registered_at),
    unregistered_at: localDateTime(m.unregistered_at),
    last_login_at: localDateTime(m.last_login_at),
  };
}
