import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Refusal } from './refusal.ts';

export type RuntimeKind = 'embedded' | 'distributed';

/**
 * What a running `mosaic up` writes into its data dir: it says the data dir is taken (a second PGlite on the
 * same files would corrupt them), and lets other commands (`mosaic dlq`) find the running services.
 */
export interface RuntimeFile {
  pid: number;
  startedAt: string;
  /** Absent in records of older versions: those were all embedded. */
  kind?: RuntimeKind;
  /** Empty while the systems are still starting. */
  systems: Record<string, { gateway: string; services: Record<string, string> }>;
}

// One record per kind: a distributed supervisor with --ephemeral may run beside `npm start` on the same data
// dir (it keeps only logs there), and neither may take the record of the other.
const NAMES: Record<RuntimeKind, string> = { embedded: 'runtime.json', distributed: 'runtime-distributed.json' };

export function runtimeFilePath(dataDir: string, kind: RuntimeKind): string {
  return join(dataDir, NAMES[kind]);
}

/**
 * Takes the data dir for this process, before anything in it is opened: refuses, as one line naming the pid,
 * when a live Mosaic of the same kind holds it; a record left by a process that is gone is replaced.
 */
export function claimDataDir(dataDir: string, kind: RuntimeKind, now = new Date()): void {
  const path = runtimeFilePath(dataDir, kind);
  const record: RuntimeFile = { pid: process.pid, startedAt: now.toISOString(), kind, systems: {} };
  for (let attempt = 0; attempt < 3; attempt++) {
    const draft = `${path}.${process.pid}.draft`;
    writeFileSync(draft, `${JSON.stringify(record, null, 2)}\n`);
    try {
      // A hard link is created whole or not at all, so two starts cannot both take the dir, and a reader
      // never sees a half-written record.
      linkSync(draft, path);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
    const holder = readRecord(path);
    if (holder && holder.pid !== process.pid && isMosaicProcess(holder.pid)) {
      throw new Refusal(alreadyRunning(holder, dataDir, kind));
    }
    rmSync(path, { force: true });
  }
  throw new Refusal(`another Mosaic is starting on ${dataDir} at this very moment; try again in a second`);
}

/** Replaces this process's record (e.g. once the systems are up), whole: a reader sees the old or the new one. */
export function writeRuntimeFile(dataDir: string, kind: RuntimeKind, content: Omit<RuntimeFile, 'kind'>): void {
  const path = runtimeFilePath(dataDir, kind);
  const draft = `${path}.${process.pid}.draft`;
  writeFileSync(draft, `${JSON.stringify({ ...content, kind }, null, 2)}\n`);
  renameSync(draft, path);
}

/** Gives the data dir back; a record some other process wrote meanwhile is left alone. */
export function releaseDataDir(dataDir: string, kind: RuntimeKind): void {
  const path = runtimeFilePath(dataDir, kind);
  if (readRecord(path)?.pid === process.pid) rmSync(path, { force: true });
}

/** The record of a Mosaic still running on this data dir, embedded first, or undefined. */
export function readLiveRuntimeFile(dataDir: string): RuntimeFile | undefined {
  for (const kind of ['embedded', 'distributed'] as const) {
    const record = readRecord(runtimeFilePath(dataDir, kind));
    if (record && isMosaicProcess(record.pid)) return record;
  }
  return undefined;
}

function readRecord(path: string): RuntimeFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<RuntimeFile>;
    return Number.isInteger(parsed.pid) ? ({ systems: {}, ...parsed } as RuntimeFile) : undefined;
  } catch {
    // Cut short by a crash or a full disk: it proves nothing about a running process.
    return undefined;
  }
}

/**
 * Whether `pid` is a live Mosaic process. A pid the system has given to another program since (after a
 * reboot, or in a fresh container) does not hold the data dir; where /proc is missing, alive has to do.
 */
export function isMosaicProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  let commandLine: string;
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true;
  }
  return /mosaic|packages[\\/]cli[\\/]src[\\/]main\.ts/i.test(commandLine);
}

function alreadyRunning(holder: RuntimeFile, dataDir: string, kind: RuntimeKind): string {
  const gateways = Object.entries(holder.systems)
    .filter(([, system]) => system.gateway)
    .map(([name, system]) => `${name} ${system.gateway}`);
  return [
    `Mosaic${kind === 'distributed' ? ' (distributed)' : ''} is already running on ${dataDir}`,
    ` (pid ${holder.pid}, since ${holder.startedAt}`,
    gateways.length ? `; gateways: ${gateways.join(', ')}` : '; still starting',
    `): stop it first (Ctrl-C where it runs, or kill ${holder.pid})`,
  ].join('');
}
