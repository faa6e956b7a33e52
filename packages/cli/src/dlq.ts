import { resolve } from 'node:path';
import type { DeadLetter } from '@mosaic/kit/messaging';
import { silentLogger } from '@mosaic/kit/observability';
import { createEmbeddedRuntime } from '@mosaic/kit/runtime';
import { distributedOperatorKeys, embeddedOperatorKeys } from './operator-keys.ts';
import { type RuntimeFile, readLiveRuntimeFile } from './runtime-file.ts';
import { systemNames } from './system-loaders.ts';
import { table } from './table.ts';
import { UsageError } from './usage-error.ts';

interface DlqOptions {
  dataDir: string;
  systems: readonly string[];
  all: boolean;
}

type Located = DeadLetter & { system: string; service?: string };

/** The `Authorization` header for a system's operator routes. */
type Authorize = (system: string) => Promise<string>;

/** Long enough for one command, short enough that one left in a shell history is soon worthless. */
const OWN_TOKEN_TTL_SEC = 300;

/**
 * `mosaic dlq list|replay`: through the running process's admin routes when `mosaic up` is running on this
 * data dir, otherwise straight from the data (a replay asked for offline is served on the next start).
 */
export async function dlq(action: string | undefined, args: readonly string[], options: DlqOptions) {
  if (action !== 'list' && action !== 'replay') {
    throw new UsageError('usage: mosaic dlq list [--system S] [--all] | mosaic dlq replay <id>…');
  }
  if (action === 'replay' && args.length === 0) {
    throw new UsageError('mosaic dlq replay needs at least one dead-letter id (see mosaic dlq list)');
  }
  const live = readLiveRuntimeFile(resolve(options.dataDir));
  if (!live) return dlqOffline(action, args, options);
  const operator = await operatorOf(live, options);
  try {
    return await dlqLive(action, args, options, live, operator.authorize);
  } finally {
    await operator.close();
  }
}

async function dlqOffline(action: 'list' | 'replay', args: readonly string[], options: DlqOptions) {
  if (action === 'list') return print(await listOffline(options));
  const entries = await listOffline({ ...options, all: true });
  for (const id of args) {
    const entry = entries.find((e) => e.id === id);
    if (!entry) throw new UsageError(`no dead letter ${id}`);
    await withOfflineBus(options, entry.system, (bus) => bus.deadLetters.replay(id));
    console.log(`${id}: replay recorded; ${entry.group} handles it when ${entry.system} next starts`);
  }
}

async function dlqLive(
  action: 'list' | 'replay',
  args: readonly string[],
  options: DlqOptions,
  live: RuntimeFile,
  authorize: Authorize,
) {
  if (action === 'list') return print(await listLive(live.systems, options, authorize));
  const entries = await listLive(live.systems, { ...options, all: true }, authorize);
  for (const id of args) {
    const entry = entries.find((e) => e.id === id);
    if (!entry) throw new UsageError(`no dead letter ${id}`);
    const url = entry.service && live.systems[entry.system]?.services[entry.service];
    const response = await fetch(`${url}/admin/dlq/${id}/replay`, {
      method: 'POST',
      headers: { authorization: await authorize(entry.system) },
    });
    if (!response.ok) throw new Error(`replay of ${id} failed: ${response.status}${await why(response)}`);
    console.log(`${id}: handed back to ${entry.group}`);
  }
}

/**
 * Who this command is to the services' operator routes: MOSAIC_OPERATOR_TOKEN when set (one system's
 * token), else a short-lived token it signs itself with the key the running systems verify with, as
 * `mosaic operator-token` does. Whoever can read that key can issue such tokens anyway.
 */
async function operatorOf(
  live: RuntimeFile,
  options: DlqOptions,
): Promise<{ authorize: Authorize; close(): Promise<void> }> {
  const given = process.env.MOSAIC_OPERATOR_TOKEN;
  if (given) {
    const wanted = options.systems.length ? options.systems : Object.keys(live.systems);
    if (wanted.length > 1) {
      throw new UsageError(
        `MOSAIC_OPERATOR_TOKEN is one system's token, and this asks ${wanted.join(', ')}: name its system with --system S`,
      );
    }
    return { authorize: async () => `Bearer ${given}`, close: async () => {} };
  }
  const keys = live.kind === 'distributed' ? await distributedOperatorKeys() : embeddedOperatorKeys(options.dataDir);
  const issued = new Map<string, Promise<string>>();
  return {
    authorize(system) {
      let token = issued.get(system);
      if (!token) {
        token = keys.issue(system, OWN_TOKEN_TTL_SEC).then((t) => `Bearer ${t}`);
        issued.set(system, token);
      }
      return token;
    },
    close: () => keys.close(),
  };
}

/** What a refusing service said (a problem's detail says what to do, e.g. how to get an operator token). */
async function why(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const { detail } = JSON.parse(text) as { detail?: unknown };
    if (typeof detail === 'string') return `: ${detail}`;
  } catch {
    // not a problem body: the text itself
  }
  return text ? `: ${text.slice(0, 300)}` : '';
}

function print(entries: readonly Located[]): void {
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
}

async function listLive(
  systems: RuntimeFile['systems'],
  options: DlqOptions,
  authorize: Authorize,
): Promise<Located[]> {
  const wanted = options.systems.length ? options.systems : Object.keys(systems);
  const found: Located[] = [];
  for (const system of wanted) {
    for (const [service, url] of Object.entries(systems[system]?.services ?? {})) {
      const response = await fetch(`${url}/admin/dlq${options.all ? '?all=true' : ''}`, {
        headers: { authorization: await authorize(system) },
      });
      if (!response.ok) {
        throw new Error(`${system}/${service} answered ${response.status} for its dead letters${await why(response)}`);
      }
      for (const entry of (await response.json()) as DeadLetter[]) found.push({ ...entry, system, service });
    }
  }
  return found;
}

async function listOffline(options: DlqOptions): Promise<Located[]> {
  const found: Located[] = [];
  for (const system of systemNames(options.systems)) {
    const entries = await withOfflineBus(options, system, (bus) =>
      bus.deadLetters.list({ includeReplayed: options.all }),
    );
    for (const entry of entries) found.push({ ...entry, system });
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
