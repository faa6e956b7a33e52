import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Envelope } from './envelope.ts';
import type { OutboxTables } from './outbox.ts';

const Limit = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })) });

/** One outbox row as an operator reads it. */
export interface OutboxEntry {
  id: string;
  type: string;
  subject: string | null;
  createdAt: string;
  data: unknown;
}

/**
 * `GET /admin/outbox` (inside the operator-guarded admin scope): how many events wait for the relay, and the
 * oldest of them. The relay deletes a row once the bus has it, so published events are not here: the bus
 * (and each consumer group's position) is their record.
 */
export function outboxAdminRoutes(app: FastifyInstance, db: Kysely<OutboxTables>): void {
  app.get<{ Querystring: { limit: number } }>('/admin/outbox', { schema: { querystring: Limit } }, async (request) => {
    const count = await db
      .selectFrom('mosaic_outbox')
      .select((eb) => eb.fn.countAll<string | number>().as('pending'))
      .executeTakeFirst();
    const rows = await db
      .selectFrom('mosaic_outbox')
      .select(['id', 'envelope', 'created_at'])
      .orderBy('seq')
      .limit(request.query.limit)
      .execute();
    return {
      pending: Number(count?.pending ?? 0),
      keepsPublished: false,
      waiting: rows.map((row) => entryOf(row.id, row.envelope, row.created_at)),
    };
  });
}

function entryOf(id: string, text: string, createdAt: string): OutboxEntry {
  try {
    const envelope = JSON.parse(text) as Partial<Envelope>;
    return {
      id,
      type: typeof envelope.type === 'string' ? envelope.type : '(unknown)',
      subject: typeof envelope.subject === 'string' ? envelope.subject : null,
      createdAt,
      data: envelope.data ?? null,
    };
  } catch {
    // The relay refuses such a row too (and says so in its log): show it rather than fail the whole list.
    return { id, type: '(not a JSON envelope)', subject: null, createdAt, data: null };
  }
}
