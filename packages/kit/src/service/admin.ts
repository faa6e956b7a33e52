import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { OperatorTokens } from '../auth/operator-token.ts';
import { breakersOf } from '../calls/breaker-reports.ts';
import type { ServiceClient } from '../calls/client.ts';
import type { Bus } from '../messaging/bus.ts';
import { forgetHandled } from '../messaging/inbox.ts';
import type { OutboxTables } from '../messaging/outbox.ts';
import { outboxAdminRoutes } from '../messaging/outbox-admin-routes.ts';
import { queueAdminRoutes } from '../queues/admin-routes.ts';
import type { QueueSpec, WorkQueues } from '../queues/queues.ts';
import { sagaAdminRoutes } from '../sagas/admin-routes.ts';
import type { Saga } from '../sagas/define.ts';
import type { SagaTables } from '../sagas/store.ts';
import type { Store, Tx } from '../store/store.ts';
import { notFound } from './errors.ts';
import { operatorGuard } from './operator-guard.ts';
import { type OwnOutbox, ownOutboxRoutes } from './own-outboxes.ts';

interface AdminDeps<DB> {
  system: string;
  /** Checks the bearer token every operator route requires. */
  operators: OperatorTokens;
  bus: Bus;
  store: Store<DB>;
  /** The consumer groups this service owns: its DLQ view is limited to them. */
  groups: readonly string[];
  views: Readonly<Record<string, { group: string; clear(tx: Tx<DB>): Promise<void> }>>;
  /** The sagas this service owns: their instances are read here. */
  sagas: readonly Saga[];
  /** The queues this service works: their figures, messages, dead letters and redrive are served here. */
  queues?: { port: WorkQueues; specs: readonly QueueSpec[] };
  /** The service's clients to other services: their breakers are shown here. */
  clients?: Readonly<Record<string, ServiceClient>>;
  /** The service's own outboxes (`outboxes` in its definition), read here beside the event outbox. */
  outboxes?: Readonly<Record<string, OwnOutbox<DB>>>;
}

const DLQ_QUERY = {
  type: 'object',
  properties: { all: { type: 'boolean', description: 'true: also the entries already replayed' } },
} as const;

/**
 * Operator routes on every service (not routed by any gateway): the service's dead letters, their replay,
 * read-model rebuilds, the instances of the sagas it owns and the queues it works (`queues/admin-routes.ts`). The
 * CLI's `mosaic dlq` and `mosaic queue` speak to these. They replay and rewind what the system has done, so each
 * needs an operator token (`mosaic operator-token`); the guard covers the whole scope, so a route added here later
 * cannot be left open by mistake.
 */
export function registerAdminRoutes<DB>(app: FastifyInstance, deps: AdminDeps<DB>) {
  // Loaded with the service's other routes (start.ts awaits those, which loads this scope first).
  void app.register(async (admin) => operatorRoutes(admin, deps));
}

function operatorRoutes<DB>(app: FastifyInstance, deps: AdminDeps<DB>) {
  const { bus, store, groups, views } = deps;
  app.addHook('onRequest', operatorGuard(deps.system, deps.operators));
  // The saga table is the kit's, in the owner's database beside its own tables.
  if (deps.sagas.length > 0) sagaAdminRoutes(app, store.db as unknown as Kysely<SagaTables>, deps.sagas);
  if (deps.queues) queueAdminRoutes(app, deps.queues.port, deps.queues.specs);
  outboxAdminRoutes(app, store.db as unknown as Kysely<OutboxTables>);
  if (deps.outboxes) ownOutboxRoutes(app, store.db, deps.outboxes);
  const clients = Object.values(deps.clients ?? {});
  app.get('/admin/breakers', async () => ({ breakers: clients.flatMap(breakersOf) }));
  app.get<{ Querystring: { all?: boolean } }>('/admin/dlq', { schema: { querystring: DLQ_QUERY } }, async (request) => {
    const includeReplayed = request.query.all === true;
    const entries = await bus.deadLetters.list({ includeReplayed });
    return entries.filter((e) => groups.includes(e.group));
  });
  app.post<{ Params: { id: string } }>('/admin/dlq/:id/replay', async (request, reply) => {
    const { id } = request.params;
    const entry = (await bus.deadLetters.list({ includeReplayed: true })).find((e) => e.id === id);
    if (!entry || !groups.includes(entry.group)) throw notFound('dead letter', id);
    const replayed = await bus.deadLetters.replay(id);
    return reply.code(202).send({ id, replayed, group: entry.group });
  });
  app.post<{ Params: { view: string } }>('/admin/views/:view/rebuild', async (request, reply) => {
    const view = views[request.params.view];
    if (!view) throw notFound('view', request.params.view);
    await store.transaction(async (tx) => {
      await view.clear(tx);
      // The inbox remembers what the group handled; forget it, or the rewound events would be skipped.
      await forgetHandled(tx, view.group);
    });
    await bus.rewind(view.group);
    return reply.code(202).send({ view: request.params.view, group: view.group, rebuilding: true });
  });
}
