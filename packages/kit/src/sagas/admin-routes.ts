import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { stringEnum } from '../http/string-enum.ts';
import { notFound } from '../service/errors.ts';
import type { Saga } from './define.ts';
import { SAGA_STATUSES, type SagaStatus } from './state.ts';
import { type SagaTables, sagaRecords } from './store.ts';

const ListQuery = Type.Object({
  status: Type.Optional(stringEnum(SAGA_STATUSES)),
  page: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});

/**
 * The owner's operator routes for its sagas (inside the operator-guarded admin scope): one instance by
 * subject, and the instances of a saga by status, newest first, a page at a time.
 */
export function sagaAdminRoutes(app: FastifyInstance, db: Kysely<SagaTables>, sagas: readonly Saga[]): void {
  const sagaNamed = (name: string) => {
    const saga = sagas.find((s) => s.name === name);
    if (!saga) throw notFound('saga', name);
    return saga;
  };
  app.get<{ Params: { name: string; subject: string } }>('/admin/sagas/:name/:subject', async (request) => {
    const { name, subject } = request.params;
    const instance = await sagaRecords(db, sagaNamed(name)).find(subject);
    if (!instance) throw notFound(`${name} saga of`, subject);
    return instance;
  });
  app.get<{ Params: { name: string }; Querystring: { status?: SagaStatus; page: number; size: number } }>(
    '/admin/sagas/:name',
    { schema: { querystring: ListQuery } },
    async (request) => {
      const { status, page, size } = request.query;
      const instances = await sagaRecords(db, sagaNamed(request.params.name)).list({
        ...(status ? { status } : {}),
        limit: size,
        offset: page * size,
      });
      return { instances, page, size };
    },
  );
}
