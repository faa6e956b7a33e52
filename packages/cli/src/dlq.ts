import { resolve } from 'node:path';
import type { DeadLetter } from '@mosaic/kit/messaging';
import { silentLogger } from '@mosaic/kit/observability';
import { createEmbeddedRuntime } from '@mosaic/kit/runtime';
import { readLiveRuntimeFile } from './runtime-file.ts';
import { pickSystems, UsageError } from './systems.ts';
import { table } from './table.ts';

interface DlqOptions {
  dataDir: string;
  systems: readonly string[];
  all: boolean;
}

type Located = DeadLetter & { system: string; service?: string };

/**
 * `mosaic dlq list|replay`: through the running process's admin routes when `mosaic up` is running on this
 * data dir, otherwise straight from the data (a replay asked for offline is served on the next start).
 */
export async function dlq(action: string | undefined, args: readonly string[], options: DlqOptions) {
  const live = readLiveRuntimeFile(resolve(options.dataDir));
  if (action === 'list') {
    const entries = live ? await listLive(live.systems, options) : await listOffline(options);
    if (entries.length === 0) {
      console.log('no dead letters');
      return;
    }
    console.log(
      table(
        ['id', 'system', 'group', 'event', 'subject', 'attempts', 'failed at', 'replayed', 'error'],
        entries.map((e) => [
          e.id,
          e.system,
          e.group,
          e.event.type,
          e.event.subject,
          String(e.attempts),
          e.failedAt,
          e.replayedAt ?? '-',
          e.error.split('\n')[0]?.slice(0, 80) ?? '',
        ]),
      ),
    );
    return;
  }
  if (action === 'replay') {
    if (args.length === 0)
      throw new UsageError('mosaic dlq replay needs at least one dead-letter id (see mosaic dlq list)');
    const entries = live
      ? await listLive(live.systems, { ...options, all: true })
      : await listOffline({ ...options, all: true });
    for (const id of args) {
      const entry = entries.find((e) => e.id === id);
      if (!entry) throw new UsageError(`no dead letter ${id}`);
      if (live && entry.service) {
        const url = live.systems[entry.system]?.services[entry.service];
        const response = await fetch(`${url}/admin/dlq/${id}/replay`, { method: 'POST' });
        if (!response.ok) throw new Error(`replay of ${id} failed: ${response.status} ${await response.text()}`);
        console.log(`${id}: handed back to ${entry.group}`);
      } else {
        await withOfflineBus(options, entry.system, (bus) => bus.deadLetters.replay(id));
        console.log(`${id}: replay recorded; ${entry.group} handles it when ${entry.system} next starts`);
      }
    }
    return;
  }
  throw new UsageError('usage: mosaic dlq list [--system S] [--all] | mosaic dlq replay <id>…');
}

async function listLive(
  systems: Record<string, { services: Record<string, string> }>,
  options: DlqOptions,
): Promise<Located[]> {
  const wanted = options.systems.length ? options.systems : Object.keys(systems);
  const found: Located[] = [];
  for (const system of wanted) {
    for (const [service, url] of Object.entries(systems[system]?.services ?? {})) {
      const response = await fetch(`${url}/admin/dlq${options.all ? '?all=true' : ''}`);
      if (!response.ok) throw new Error(`${system}/${service} answered ${response.status} for its dead letters`);
      for (const entry of (await response.json()) as DeadLetter[]) found.push({ ...entry, system, service });
    }
  }
  return found;
}

async function listOffline(options: DlqOptions): Promise<Located[]> {
  const found: Located[] = [];
  for (const definition of pickSystems(options.systems)) {
    const entries = await withOfflineBus(options, definition.name, (bus) =>
      bus.deadLetters.list({ includeReplayed: options.all }),
    );
    for (const entry of entries) found.push({ ...entry, system: definition.name });
  }
  return found;
}

async function withOfflineBus<T>(
  options: DlqOptions,
  system: string,
  work: (bus: Awaited<ReturnType<ReturnType<typeof createEmbeddedRuntime>['bus']>>) => Promise<T>,
): Promise<T> {
  const runtime = createEmbeddedRuntime({ dataDir: resolve(options.dataDir), logger: silentLogger() });
  try {
    return await work(await runtime.bus(system));
  } finally {
    await runtime.close();
  }
}
