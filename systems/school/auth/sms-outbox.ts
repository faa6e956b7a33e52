import type { OwnOutbox } from '@mosaic/kit/service';
import type { AuthTables } from './store/tables.ts';

/**
 * The texts the school sends parents and students (outing passes, sign-up codes): the seed names no SMS
 * provider, so each waits here, newest first, for the operator (and the admin's `/v1/notifications`) to read.
 */
export const smsOutbox: OwnOutbox<AuthTables> = {
  description: 'texts to parents and students; no SMS provider is connected, so every one waits here',
  async read(db, limit) {
    const count = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<string | number>().as('pending'))
      .executeTakeFirst();
    const rows = await db.selectFrom('notifications').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return {
      pending: Number(count?.pending ?? 0),
      entries: rows.map((row) => ({
        id: String(row.id),
        type: row.reason,
        subject: row.to_uuid,
        createdAt: row.created_at,
        data: { phoneNumber: row.phone_number, text: row.text },
      })),
    };
  },
};
