import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../service/errors.ts';
import type { QueueSpec, WorkQueues } from './queues.ts';

const Limit = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 20 })) });
const Redrive = Type.Object(
  { ids: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 500 })) },
  { additionalProperties: false },
);

/**
 * The operator routes of the queues a service works (inside the operator-guarded admin scope): their figures,
 * a look at the messages waiting and at the dead letters, and the redrive. `mosaic queue` speaks to these.
 */
export function queueAdminRoutes(app: FastifyInstance, queues: WorkQueues, specs: readonly QueueSpec[]): void {
  const specNamed = (name: string) => {
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw notFound('queue', name);
    return spec;
  };
  app.get('/admin/queues', async () =>
    Promise.all(specs.map(async (spec) => ({ ...spec, ...(await queues.stats(spec.name)) }))),
  );
  app.get<{ Params: { queue: string }; Querystring: { limit: number } }>(
    '/admin/queues/:queue/messages',
    { schema: { querystring: Limit } },
    async (request) => queues.peek(specNamed(request.params.queue).name, request.query.limit),
  );
  app.get<{ Params: { queue: string }; Querystring: { limit: number } }>(
    '/admin/queues/:queue/dlq',
    { schema: { querystring: Limit } },
    async (request) => queues.deadLetters(specNamed(request.params.queue).name, request.query.limit),
  );
  // The body is `{}` for every dead letter, or `{ "ids": [...] }` for some.
  app.post<{ Params: { queue: string }; Body: { ids?: string[] } }>(
    '/admin/queues/:queue/redrive',
    { schema: { body: Redrive } },
    async (request, reply) => {
      const { name } = specNamed(request.params.queue);
      const redriven = await queues.redrive(name, request.body.ids);
      return reply.code(202).send({ queue: name, redriven });
    },
  );
}
