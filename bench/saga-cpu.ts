import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU seconds (user + system) a process has used so far, from /proc; undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at ')'; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** How each engine's processes are found (pgrep arguments), by the name its CPU is reported under. */
const ENGINE_PROCESSES = {
  postgres: ['-u', 'postgres'],
  mariadb: ['-x', 'mariadbd|mysqld'],
  nats: ['-x', 'nats-server'],
  redis: ['-x', 'redis-server'],
} as const;

/** The name the load tool's own CPU is reported under. */
export const LOAD_TOOL = 'load tool (this process)';

/** What a run needs whatever Mosaic does: the engines and the load tool, by the names their CPU is reported under. */
export const NOT_MOSAIC: readonly string[] = [...Object.keys(ENGINE_PROCESSES), LOAD_TOOL];

/** The engines' processes on this machine, by name, so their CPU share can be measured too. */
export function enginePids(): Record<string, number[]> {
  const byName: Record<string, number[]> = {};
  for (const [label, args] of Object.entries(ENGINE_PROCESSES)) {
    try {
      byName[label] = execFileSync('pgrep', args).toString().trim().split('\n').filter(Boolean).map(Number);
    } catch {
      byName[label] = [];
    }
  }
  return byName;
}

/**
 * Measures CPU seconds per named group of processes over a span: `start()` snapshots, `stop()` returns
 * each group's CPU seconds since. Processes that start or end in between count from when they are first
 * or last seen (postgres backends come and go).
 */
export function cpuMeter(groups: () => Record<string, number[]>) {
  let before = new Map<number, number>();
  const snapshot = () => {
    const seen = new Map<number, number>();
    for (const pids of Object.values(groups())) for (const pid of pids) seen.set(pid, cpuSeconds(pid) ?? 0);
    return seen;
  };
  return {
    start() {
      before = snapshot();
    },
    stop(): Record<string, number> {
      const used: Record<string, number> = {};
      for (const [name, pids] of Object.entries(groups())) {
        let total = 0;
        for (const pid of pids) total += Math.max(0, (cpuSeconds(pid) ?? 0) - (before.get(pid) ?? 0));
        used[name] = Math.round(total * 100) / 100;
      }
      return used;
    },
  };
}
