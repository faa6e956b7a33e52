import { Type } from '@mosaic/kit/http';
import { HttpError, notFound } from '@mosaic/kit/service';
import type { FastifyInstance } from 'fastify';
import type { RedriveRequest, ReplayRequest } from './api.ts';
import type { Scraper } from './live/scraper.ts';
import type { OperatorHttp } from './sources/operator-http.ts';
import type { ConsoleSource } from './sources/source.ts';
import type { TraceStore } from './traces/store.ts';
import { breakersOf } from './views/breakers.ts';
import { messagingOf } from './views/messaging.ts';
import { outboxesOf } from './views/outboxes.ts';
import { oneInstance } from './views/reach.ts';
import { SAGA_WINDOW, sagasOf } from './views/sagas.ts';
import { topologyOf } from './views/topology.ts';

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Id = Type.String({ minLength: 1, maxLength: 100 });

const LiveQuery = Type.Object({ since: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })) });
const SagaQuery = Type.Object({
  subject: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 0, maximum: SAGA_WINDOW - 1, default: 0 })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
const TracesQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 300, default: 50 })) });
const TraceParams = Type.Object({
  traceId: Type.String({ pattern: '^[0-9a-fA-F]{32}$', 'x-pattern-means': '32 hexadecimal digits' }),
});
const Replay = Type.Object({ system: Name, service: Name, id: Id });
const Redrive = Type.Object({
  system: Name,
  service: Name,
  queue: Name,
  ids: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 500 })),
});

export interface ApiDeps {
  source: ConsoleSource;
  http: OperatorHttp;
  scraper: Scraper;
  traces: TraceStore;
}

/** The page's API (`api.ts` holds its shapes). The caller's scope decides who may call it (access.ts). */
export function apiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { source, http, scraper, traces } = deps;

  app.get('/api/topology', async () => topologyOf(source));
  app.get<{ Querystring: { since?: number } }>(
    '/api/live',
    { schema: { querystring: LiveQuery } },
    async (request) => ({
      points: scraper.points(request.query.since),
    }),
  );
  app.get('/api/breakers', async () => breakersOf(source, http));
  app.get('/api/messaging', async () => messagingOf(source, http, scraper));
  app.get('/api/outboxes', async () => outboxesOf(source, http));
  app.get<{ Querystring: { subject?: string; page: number; size: number } }>(
    '/api/sagas',
    { schema: { querystring: SagaQuery } },
    async (request) => {
      const { subject, page, size } = request.query;
      if ((page + 1) * size > SAGA_WINDOW) {
        throw new HttpError(
          'bad-request',
          `page ${page} of size ${size} reaches past the newest ${SAGA_WINDOW} instances of each saga, which is as far as the console merges; look one up by subject instead`,
        );
      }
      return sagasOf(source, http, { page, size, ...(subject === undefined ? {} : { subject }) });
    },
  );
  app.get<{ Querystring: { limit: number } }>(
    '/api/traces',
    { schema: { querystring: TracesQuery } },
    async (request) => ({
      traces: traces.summaries(request.query.limit),
    }),
  );
  app.get<{ Params: { traceId: string } }>(
    '/api/traces/:traceId',
    { schema: { params: TraceParams } },
    async (request) => {
      const trace = traces.trace(request.params.traceId);
      if (!trace) throw notFound('trace', request.params.traceId);
      return trace;
    },
  );

  app.post<{ Body: ReplayRequest }>(
    '/api/dead-letters/replay',
    { schema: { body: Replay } },
    async (request, reply) => {
      const { system, service, id } = request.body;
      const url = ownerOf(source, system, service);
      const answer = await forward(http, system, service, url, `/admin/dlq/${encodeURIComponent(id)}/replay`, {});
      if (answer.status === 404) throw notFound(`dead letter of ${system}/${service}`, id);
      const replayed = (answer.body as { replayed?: unknown } | undefined)?.replayed === true;
      return reply.code(202).send({ replayed });
    },
  );
  app.post<{ Body: RedriveRequest }>('/api/queues/redrive', { schema: { body: Redrive } }, async (request, reply) => {
    const { system, service, queue, ids } = request.body;
    const url = ownerOf(source, system, service);
    const worked = source
      .systems()
      .find((s) => s.name === system)
      ?.services.find((s) => s.definition.name === service)?.definition.queues;
    if (!worked || !(queue in worked)) throw notFound(`queue worked by ${system}/${service}`, queue);
    const path = `/admin/queues/${encodeURIComponent(queue)}/redrive`;
    const answer = await forward(http, system, service, url, path, ids === undefined ? {} : { ids });
    const redriven = (answer.body as { redriven?: unknown } | undefined)?.redriven;
    return reply.code(202).send({ redriven: typeof redriven === 'number' ? redriven : 0 });
  });
}

/** The URL of an instance of the named service; a name that runs nowhere is the caller's mistake (404). */
function ownerOf(source: ConsoleSource, system: string, service: string): string {
  const definition = source.systems().find((s) => s.name === system);
  if (!definition) throw notFound('system', system);
  if (!definition.services.some((s) => s.definition.name === service)) throw notFound(`service of ${system}`, service);
  const instance = oneInstance(source, system, service);
  if (!instance)
    throw new HttpError('no-instance', `${system}/${service} has no instance running now; retry when it is up`);
  return instance.url;
}

/** An operator action at the owner: its 4xx is handed on (as ours), a failure to reach it is a 502. */
async function forward(
  http: OperatorHttp,
  system: string,
  service: string,
  url: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  let answer: { status: number; body: unknown };
  try {
    answer = await http.call(system, url, path, { method: 'POST', body, timeoutMs: 10_000 });
  } catch (error) {
    throw new HttpError(
      'upstream-unreachable',
      `${system}/${service} did not answer (${error instanceof Error ? error.message : String(error)}); retry`,
    );
  }
  if (answer.status === 404 || (answer.status >= 200 && answer.status < 300)) return answer;
  const detail = (answer.body as { detail?: unknown } | undefined)?.detail;
  const why = typeof detail === 'string' ? `: ${detail}` : '';
  if (answer.status >= 400 && answer.status < 500) {
    throw new HttpError('bad-request', `${system}/${service} refused it (${answer.status})${why}`);
  }
  throw new HttpError('upstream-unreachable', `${system}/${service} failed (${answer.status})${why}; retry`);
}
