import type { Kysely } from 'kysely';
import type { AuthTables } from './tables.ts';

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
