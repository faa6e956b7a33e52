import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a running `mosaic up` writes into its data dir so other commands (`mosaic dlq`) can find it. */
export interface RuntimeFile {
  pid: number;
  startedAt: string;
  systems: Record<string, { gateway: string; services: Record<string, string> }>;
}

const NAME = 'runtime.json';

export function writeRuntimeFile(dataDir: string, content: RuntimeFile) {
  writeFileSync(join(dataDir, NAME), `${JSON.stringify(content, null, 2)}\n`);
}

export function removeRuntimeFile(dataDir: string) {
  rmSync(join(dataDir, NAME), { force: true });
}

/** The runtime file of a process that is still alive, or undefined. */
export function readLiveRuntimeFile(dataDir: string): RuntimeFile | undefined {
  const path = join(dataDir, NAME);
  if (!existsSync(path)) return undefined;
  const content = JSON.parse(readFileSync(path, 'utf8')) as RuntimeFile;
  try {
    process.kill(content.pid, 0);
    return content;
  } catch {
    return undefined;
  }
}
