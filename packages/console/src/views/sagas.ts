import type { Saga, SagaInstance } from '@mosaic/kit/sagas';
import type { SagaEventView, Sagas, SagaView } from '../api.ts';
import type { OperatorHttp } from '../sources/operator-http.ts';
import type { ConsoleSource } from '../sources/source.ts';
import { ask, oneInstance, unreachableField } from './reach.ts';

/** What the owners' list route serves at most in one answer: pages are merged from the first this many. */
export const SAGA_WINDOW = 200;

export interface SagaQuery {
  subject?: string;
  page: number;
  size: number;
}

/**
 * GET /api/sagas: the instances of every saga of every system, newest first (merged from each owner's
 * `/admin/sagas/<name>` list), or those of one subject (`/admin/sagas/<name>/<subject>` at each owner).
 */
export async function sagasOf(source: ConsoleSource, http: OperatorHttp, query: SagaQuery): Promise<Sagas> {
  const unreachable = new Set<string>();
  const kept = source
    .systems()
    .flatMap((system) =>
      system.services.flatMap(({ definition }) =>
        (definition.sagas ?? []).map(({ saga }) => ({ system: system.name, service: definition.name, saga })),
      ),
    );
  const { subject, page, size } = query;
  const lists = await Promise.all(
    kept.map(async ({ system, service, saga }) => {
      const instance = oneInstance(source, system, service);
      if (!instance) return [];
      const where = { system, name: service, url: instance.url };
      const name = encodeURIComponent(saga.name);
      if (subject !== undefined) {
        const found = await askOne(http, unreachable, where, `/admin/sagas/${name}/${encodeURIComponent(subject)}`);
        return found ? [viewOf(system, service, saga, found)] : [];
      }
      const listed = await ask<{ instances: SagaInstance[] }>(
        http,
        unreachable,
        where,
        `/admin/sagas/${name}?page=0&size=${(page + 1) * size}`,
      );
      return (listed?.instances ?? []).map((one) => viewOf(system, service, saga, one));
    }),
  );
  const instances = lists
    .flat()
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .slice(page * size, (page + 1) * size);
  return { instances, page, size, ...unreachableField(unreachable) };
}

/** One instance by subject: a 404 says this saga has none, which is no failure. */
async function askOne(
  http: OperatorHttp,
  unreachable: Set<string>,
  where: { system: string; name: string; url: string },
  path: string,
): Promise<SagaInstance | undefined> {
  try {
    const answer = await http.call(where.system, where.url, path);
    if (answer.status === 200) return answer.body as SagaInstance;
    if (answer.status === 404) return undefined;
  } catch {
    // Below.
  }
  unreachable.add(`${where.system}/${where.name}`);
  return undefined;
}

function viewOf(system: string, service: string, saga: Saga, instance: SagaInstance): SagaView {
  const events = [...instance.events]
    .sort((a, b) => a.time.localeCompare(b.time))
    .map((event): SagaEventView => {
      const step = saga.steps.find((s) => [s.on, s.started, s.done, s.compensate].includes(event.type));
      return {
        type: event.type,
        at: event.time,
        step: step?.name ?? null,
        compensation: saga.steps.some((s) => s.compensate === event.type),
      };
    });
  return {
    system,
    service,
    saga: saga.name,
    subject: instance.subject,
    status: instance.status,
    step: instance.status === 'running' ? instance.step : null,
    reason: reasonOf(saga, instance),
    startedAt: instance.startedAt,
    updatedAt: instance.updatedAt,
    events,
  };
}

/** Why an instance did not complete (or is about to): its cancel, what it still awaits, a step out of time. */
function reasonOf(saga: Saga, instance: SagaInstance): string | null {
  const parts: string[] = [];
  if (instance.timedOutAt) parts.push(`step ${instance.step} timed out at ${instance.timedOutAt}`);
  const cancel = instance.events.find((e) => e.type === saga.cancelledBy);
  if (cancel) parts.push(`cancelled by ${cancel.type} at ${cancel.time}`);
  if (instance.status === 'compensating' && instance.awaiting.length > 0) {
    parts.push(`awaiting ${instance.awaiting.join(', ')}`);
  }
  return parts.length > 0 ? parts.join('; ') : null;
}
