import type { DeadLetter } from '@mosaic/kit/messaging';
import type { QueueDeadLetter, QueueStats } from '@mosaic/kit/queues';
import type { DeadLetterInfo, Messaging, QueueInfo } from '../api.ts';
import type { Scraper } from '../live/scraper.ts';
import type { OperatorHttp } from '../sources/operator-http.ts';
import type { ConsoleSource } from '../sources/source.ts';
import { ask, oneInstance, unreachableField } from './reach.ts';

/** Dead letters per queue shown; the rest stay where they are (`mosaic queue peek --dlq`). */
const QUEUE_DEAD_LETTERS = 50;
/** Dead letters shown in all, newest first: replayed ones are kept by the bus forever (`mosaic dlq list --all`). */
const DEAD_LETTERS = 500;

/**
 * GET /api/messaging: consumer groups (lag and throughput from the last scrape), the work queues each service
 * works, and the dead letters of both kinds, newest first. Each service is asked once, at one instance: the
 * groups' dead letters and the queues are the service's, not an instance's.
 */
export async function messagingOf(source: ConsoleSource, http: OperatorHttp, scraper: Scraper): Promise<Messaging> {
  const unreachable = new Set<string>();
  const queues: QueueInfo[] = [];
  const deadLetters: DeadLetterInfo[] = [];
  const work = source.systems().flatMap((system) =>
    system.services.map(async ({ definition }) => {
      const instance = oneInstance(source, system.name, definition.name);
      if (!instance) return;
      const where = { system: system.name, name: definition.name, url: instance.url };
      const consumes = Object.keys(definition.policies ?? {}).length > 0 || (definition.sagas ?? []).length > 0;
      if (consumes) {
        const letters = await ask<DeadLetter[]>(http, unreachable, where, '/admin/dlq?all=true');
        for (const letter of letters ?? []) deadLetters.push(eventLetter(system.name, definition.name, letter));
      }
      if (Object.keys(definition.queues ?? {}).length === 0) return;
      const stats = await ask<QueueStats[]>(http, unreachable, where, '/admin/queues');
      for (const queue of stats ?? []) {
        queues.push({
          system: system.name,
          service: definition.name,
          queue: queue.queue,
          depth: queue.depth,
          inFlight: queue.inFlight,
          oldestAgeSec: Math.round(queue.oldestAgeMs / 100) / 10,
          deadLetters: queue.deadLetters,
        });
        if (queue.deadLetters === 0) continue;
        const path = `/admin/queues/${encodeURIComponent(queue.queue)}/dlq?limit=${QUEUE_DEAD_LETTERS}`;
        const letters = await ask<QueueDeadLetter[]>(http, unreachable, where, path);
        for (const letter of letters ?? []) deadLetters.push(queueLetter(system.name, definition.name, letter));
      }
    }),
  );
  await Promise.all(work);
  deadLetters.sort((a, b) => b.failedAt.localeCompare(a.failedAt));
  return {
    groups: scraper.groups(),
    queues,
    deadLetters: deadLetters.slice(0, DEAD_LETTERS),
    ...unreachableField(unreachable),
  };
}

function eventLetter(system: string, service: string, letter: DeadLetter): DeadLetterInfo {
  return {
    system,
    service,
    kind: 'event',
    id: letter.id,
    from: letter.group,
    type: letter.event.type,
    error: letter.error,
    attempts: letter.attempts,
    payload: letter.event.data,
    failedAt: letter.failedAt,
    replayedAt: letter.replayedAt,
  };
}

function queueLetter(system: string, service: string, letter: QueueDeadLetter): DeadLetterInfo {
  return {
    system,
    service,
    kind: 'queue',
    id: letter.id,
    from: letter.queue,
    type: typeOfBody(letter.body) ?? letter.queue,
    error: letter.error,
    attempts: letter.receives,
    payload: letter.body,
    failedAt: letter.failedAt,
    replayedAt: null,
  };
}

/** A queue message has no type of its own; its body may name one. */
function typeOfBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { type, name } = body as { type?: unknown; name?: unknown };
  if (typeof type === 'string') return type;
  return typeof name === 'string' ? name : undefined;
}
