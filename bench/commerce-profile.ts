// `--profile`: a V8 CPU profile of every commerce process (node --cpu-prof), summarised per process at the end.
// saga.ts prints its profiles the same way; its printer is not exported, so this is the commerce bench's own.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseProfile } from './cpuprofile.ts';

/** A directory for the profiles and the environment that makes every system process write one there. */
export function profiling(): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-commerce-profile-'));
  return { dir, env: { MOSAIC_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${dir}` } };
}

/** Where each process spent its CPU over its whole life (shop set-up, warm-up and every burst). */
export function printProfiles(dir: string, processes: Record<string, number>): void {
  const names = new Map(Object.entries(processes).map(([name, pid]) => [pid, name]));
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: a process may write one per thread.
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const [, , , pid, thread] = file.split('.');
    const name = names.get(Number(pid));
    if (!name) continue; // the supervisor's own
    const summary = summariseProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    console.log(`\n== ${name} (pid ${pid}, thread ${thread})\n${summary}`);
  }
  console.log(`\nprofiles: ${dir}`);
}
