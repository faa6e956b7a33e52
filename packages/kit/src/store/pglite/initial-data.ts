import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** Per settings' digest: the copy, once made or read in this process. */
const initial = new Map<string, Promise<Blob>>();

/**
 * A new database's data directory as Postgres's initdb leaves it, made once and then copied. initdb is most of
 * what opening a new PGlite costs (2.4 s of CPU here, against 0.5 s to start from the copy), and the test suite
 * opens a new in-memory PGlite for every system it starts, as a first `npm start` does for every system. The
 * copy is kept in the temporary directory under the PGlite version and settings that made it, so test files in
 * other processes share it; it is written to a temporary name and renamed, so no process reads half of one.
 */
export function initialDataDir(settings: readonly string[]): Promise<Blob> {
  const key = digest(settings);
  let copy = initial.get(key);
  if (!copy) {
    copy = load(settings).catch((error: unknown) => {
      initial.delete(key);
      throw error;
    });
    initial.set(key, copy);
  }
  return copy;
}

async function load(settings: readonly string[]): Promise<Blob> {
  const file = join(tmpdir(), `mosaic-pglite-${pgliteVersion()}-${digest(settings)}.tar`);
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    // Not made yet on this machine: make it below.
  }
  const fresh = new PGlite({ postgresqlconf: [...settings] });
  try {
    await fresh.waitReady;
    const dump = await fresh.dumpDataDir('none');
    const bytes = Buffer.from(await dump.arrayBuffer());
    const partial = `${file}.${process.pid}.${Date.now()}`;
    writeFileSync(partial, bytes);
    renameSync(partial, file);
    return new Blob([bytes]);
  } finally {
    await fresh.close();
  }
}

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

const digest = (settings: readonly string[]) =>
  createHash('sha256').update(settings.join('\n')).digest('hex').slice(0, 12);
