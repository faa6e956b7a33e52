import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { OutboxEntry } from '../messaging/outbox-admin-routes.ts';
import { notFound } from './errors.ts';

/**
 * An outbox of the service's own, beside the kit's event outbox: messages it keeps for the world outside (the
 * school's texts to parents, say), which an operator should be able to read as readily as the events.
 */
export interface OwnOutbox<DB> {
  /** What it holds, in a line: shown above its rows. */
  description: string;
  /** How many wait to be sent, and the newest `limit` entries. */
  read(db: Kysely<DB>, limit: number): Promise<{ pending: number; entries: OutboxEntry[] }>;
}

const Limit = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })) });

/** `GET /admin/outboxes/:name` (inside the operator-guarded admin scope): one of the service's own outboxes. */
export function ownOutboxRoutes<DB>(
  app: FastifyInstance,
  db: Kysely<DB>,
  outboxes: Readonly<Record<string, OwnOutbox<DB>>>,
): void {
  app.get<{ Params: { name: string }; Querystring: { limit: number } }>(
    '/admin/outboxes/:name',
    { schema: { querystring: Limit } },
    async (request) => {
      const { name } = request.params;
      const outbox = Object.hasOwn(outboxes, name) ? outboxes[name] : undefined;
      if (!outbox) throw notFound('outbox', name);
      return { name, description: outbox.description, ...(await outbox.read(db, request.query.limit)) };
    },
  );
}
