import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { silentLogger } from '@mosaic/kit/observability';
import type { PeekedMessage, QueueDeadLetter, QueueSpec, QueueStats, WorkQueues } from '@mosaic/kit/queues';
import { createEmbeddedRuntime } from '@mosaic/kit/runtime';
import { distributedOperatorKeys, embeddedOperatorKeys } from './operator-keys.ts';
import { type RuntimeFile, readLiveRuntimeFile } from './runtime-file.ts';
import { systemNames } from './system-loaders.ts';
import { table } from './table.ts';
import { UsageError } from './usage-error.ts';

export interface QueueOptions {
  dataDir: string;
  systems: readonly string[];
  /** `peek`: the dead letters instead of the messages waiting. */
  dlq: boolean;
  limit?: number;
}

type Figures = QueueSpec & QueueStats & { system: string; service?: string };

/** What one queue command needs from wherever the queues are: the running services, or the data itself. */
interface QueueAccess {
  list(): Promise<Figures[]>;
  peek(queue: Figures, limit: number): Promise<PeekedMessage[]>;
  deadLetters(queue: Figures, limit: number): Promise<QueueDeadLetter[]>;
  redrive(queue: Figures, ids: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

const USAGE =
  'usage: mosaic queue list [--system S] | mosaic queue peek <queue> [--dlq] [--limit N] [--system S] | ' +
  'mosaic queue redrive <queue> [id…] [--system S]';

// Long enough for one command, short enough that one left in a shell history is soon worthless.
const OWN_TOKEN_TTL_SEC = 300;

/**
 * `mosaic queue list|peek|redrive`: through the running process's operator routes (`/admin/queues…` on the
 * service that works each queue) when `mosaic up` runs on this data dir, otherwise straight from the embedded data.
 */
export async function queue(action: string | undefined, args: readonly string[], options: QueueOptions) {
  if (action !== 'list' && action !== 'peek' && action !== 'redrive') throw new UsageError(USAGE);
  const [name, ...ids] = args;
  if (action !== 'list' && !name)
    throw new UsageError(`mosaic queue ${action} needs a queue name (see mosaic queue list)`);
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500)
    throw new UsageError('--limit must be a whole number 1…500');
  const live = readLiveRuntimeFile(resolve(options.dataDir));
  const access = live ? await liveAccess(live, options) : offlineAccess(options);
  try {
    const all = await access.list();
    if (action === 'list') return printFigures(all);
    const found = all.filter((q) => q.name === name);
    if (found.length === 0)
      throw new UsageError(`no queue ${name}${all.length ? ` (queues: ${all.map((q) => q.name).join(', ')})` : ''}`);
    if (found.length > 1)
      throw new UsageError(`queue ${name} is in ${found.map((q) => q.system).join(' and ')}: name one with --system S`);
    const target = found[0]!;
    if (action === 'peek') {
      if (options.dlq) return printDeadLetters(await access.deadLetters(target, limit));
      return printMessages(await access.peek(target, limit));
    }
    const redriven = await access.redrive(target, ids);
    console.log(`${target.system}/${name}: ${redriven} dead letter${redriven === 1 ? '' : 's'} back on the queue`);
  } finally {
    await access.close();
  }
}

async function liveAccess(live: RuntimeFile, options: QueueOptions): Promise<QueueAccess> {
  const given = process.env.MOSAIC_OPERATOR_TOKEN;
  const wanted = options.systems.length ? options.systems : Object.keys(live.systems);
  if (given && wanted.length > 1) {
    throw new UsageError(
      `MOSAIC_OPERATOR_TOKEN is one system's token, and this asks ${wanted.join(', ')}: name its system with --system S`,
    );
  }
  const keys = given
    ? undefined
    : live.kind === 'distributed'
      ? await distributedOperatorKeys()
      : embeddedOperatorKeys(options.dataDir);
  const authorize = async (system: string) => `Bearer ${given ?? (await keys!.issue(system, OWN_TOKEN_TTL_SEC))}`;
  const call = async <T>(queue: Figures, path: string, init: { method?: string; body?: unknown } = {}) => {
    const { system } = queue;
    const url = live.systems[system]?.services[queue.service ?? ''];
    const response = await fetch(`${url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: await authorize(system),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    if (!response.ok) throw new Error(`${system} answered ${response.status} for ${path}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    async list() {
      const found: Figures[] = [];
      for (const system of wanted) {
        for (const [service, url] of Object.entries(live.systems[system]?.services ?? {})) {
          const response = await fetch(`${url}/admin/queues`, { headers: { authorization: await authorize(system) } });
          if (response.status === 404) continue; // works no queue
          if (!response.ok) {
            throw new Error(
              `${system}/${service} answered ${response.status} for its queues: ${await response.text()}`,
            );
          }
          for (const figures of (await response.json()) as Figures[]) {
            found.push({ ...figures, system, service });
          }
        }
      }
      return found;
    },
    peek: (q, limit) => call(q, `/admin/queues/${q.name}/messages?limit=${limit}`),
    deadLetters: (q, limit) => call(q, `/admin/queues/${q.name}/dlq?limit=${limit}`),
    async redrive(q, ids) {
      const answer = await call<{ redriven: number }>(q, `/admin/queues/${q.name}/redrive`, {
        method: 'POST',
        body: ids.length ? { ids } : {},
      });
      return answer.redriven;
    },
    close: async () => keys?.close(),
  };
}

/** Straight from the embedded data (no process holds it): the queues declared there by earlier runs. */
function offlineAccess(options: QueueOptions): QueueAccess {
  const dataDir = resolve(options.dataDir);
  const systems = options.systems.length
    ? options.systems
    : systemNames([]).filter((s) => existsSync(join(dataDir, s)));
  const runtime = createEmbeddedRuntime({ dataDir, logger: silentLogger() });
  const queuesOf = (system: string): Promise<WorkQueues> => {
    if (!existsSync(join(dataDir, system))) {
      throw new UsageError(`${system} has never been started on ${dataDir}: it has no queues there`);
    }
    return runtime.queues(system);
  };
  return {
    async list() {
      const found: Figures[] = [];
      for (const system of systems) {
        const queues = await queuesOf(system);
        for (const spec of await queues.declared()) found.push({ ...spec, ...(await queues.stats(spec.name)), system });
      }
      return found;
    },
    peek: async (q, limit) => (await queuesOf(q.system)).peek(q.name, limit),
    deadLetters: async (q, limit) => (await queuesOf(q.system)).deadLetters(q.name, limit),
    redrive: async (q, ids) => (await queuesOf(q.system)).redrive(q.name, ids.length ? ids : undefined),
    close: () => runtime.close(),
  };
}

function printFigures(all: readonly Figures[]): void {
  if (all.length === 0) {
    console.log('no queues');
    return;
  }
  console.log(
    table(
      [
        'system',
        'queue',
        'service',
        'depth',
        'in flight',
        'oldest (s)',
        'dead letters',
        'visibility (ms)',
        'max receives',
      ],
      all.map((q) => [
        q.system,
        q.name,
        q.service ?? '-',
        String(q.depth),
        String(q.inFlight),
        (q.oldestAgeMs / 1000).toFixed(1),
        String(q.deadLetters),
        String(q.visibilityTimeoutMs),
        String(q.maxReceives),
      ]),
    ),
  );
}

function printMessages(messages: readonly PeekedMessage[]): void {
  if (messages.length === 0) {
    console.log('no messages waiting');
    return;
  }
  console.log(
    table(
      ['id', 'sent at', 'in flight', 'body'],
      messages.map((m) => [m.id, m.sentAt, m.inFlight ? 'yes' : 'no', JSON.stringify(m.body).slice(0, 80)]),
    ),
  );
}

function printDeadLetters(letters: readonly QueueDeadLetter[]): void {
  if (letters.length === 0) {
    console.log('no dead letters');
    return;
  }
  console.log(
    table(
      ['id', 'failed at', 'receives', 'error', 'body'],
      letters.map((d) => [
        d.id,
        d.failedAt,
        String(d.receives),
        d.error.split('\n')[0]?.slice(0, 80) ?? '',
        JSON.stringify(d.body).slice(0, 60),
      ]),
    ),
  );
}
