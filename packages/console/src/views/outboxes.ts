import type { OutboxEntry } from '@mosaic/kit/messaging';
import type { Outboxes, OutboxInfo, OutboxRow } from '../api.ts';
import type { OperatorHttp } from '../sources/operator-http.ts';
import type { ConsoleSource } from '../sources/source.ts';
import { ask, oneInstance, unreachableField } from './reach.ts';

/** Rows shown per service. */
const RECENT = 20;

/**
 * GET /api/outboxes: each service's outbox from its `/admin/outbox`. The relay deletes what the bus has, so
 * these are the events still waiting (normally none for long: a growing count is a bus that refuses them).
 */
export async function outboxesOf(source: ConsoleSource, http: OperatorHttp): Promise<Outboxes> {
  const unreachable = new Set<string>();
  const outboxes = await Promise.all(
    source.systems().flatMap((system) =>
      system.services.flatMap(({ definition }) => {
        const instance = oneInstance(source, system.name, definition.name);
        if (!instance) return [];
        const where = { system: system.name, name: definition.name, url: instance.url };
        const own = Object.keys(definition.outboxes ?? {});
        return [eventOutbox(http, unreachable, where), ...own.map((name) => ownOutbox(http, unreachable, where, name))];
      }),
    ),
  );
  return { outboxes: outboxes.filter((o) => o !== undefined), ...unreachableField(unreachable) };
}

type Where = { system: string; name: string; url: string };

async function eventOutbox(
  http: OperatorHttp,
  unreachable: Set<string>,
  where: Where,
): Promise<OutboxInfo | undefined> {
  const answer = await ask<{ pending: number; keepsPublished: boolean; waiting: OutboxEntry[] }>(
    http,
    unreachable,
    where,
    `/admin/outbox?limit=${RECENT}`,
  );
  if (!answer) return undefined;
  return {
    system: where.system,
    service: where.name,
    pending: answer.pending,
    keepsPublished: answer.keepsPublished,
    recent: answer.waiting.map(rowOf),
  };
}

/** One of the service's own outboxes (`outboxes` in its definition: the school's texts). */
async function ownOutbox(
  http: OperatorHttp,
  unreachable: Set<string>,
  where: Where,
  name: string,
): Promise<OutboxInfo | undefined> {
  const answer = await ask<{ description: string; pending: number; entries: OutboxEntry[] }>(
    http,
    unreachable,
    where,
    `/admin/outboxes/${encodeURIComponent(name)}?limit=${RECENT}`,
  );
  if (!answer) return undefined;
  return {
    system: where.system,
    service: where.name,
    name,
    description: answer.description,
    pending: answer.pending,
    recent: answer.entries.map(rowOf),
  };
}

function rowOf(row: OutboxEntry): OutboxRow {
  return {
    id: row.id,
    type: row.type,
    subject: row.subject,
    createdAt: row.createdAt,
    publishedAt: null,
    payload: row.data,
  };
}
