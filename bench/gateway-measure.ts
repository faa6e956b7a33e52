// One measured run against one target: autocannon's numbers, and the CPU time the target's process tree
// spent meanwhile (read from /proc, so other load on the machine hardly skews it).
import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { cpuSeconds } from './saga-cpu.ts';

export interface Options {
  durationSec: number;
  rounds: number;
  connections: number;
  /** Proxy on CPU 1, load tool and upstream on CPU 0. */
  pin: boolean;
  profile: boolean;
  /** With `profile`: profile the gateway that exports its spans. */
  traced: boolean;
}

export interface Target {
  name: string;
  url: string;
  headers?: Record<string, string>;
  /** The proxy's process (and its children), whose CPU time per request is measured; none for direct. */
  pid?: number;
}

/** The targets' names: the table's rows, and how the report finds the rows it compares. */
export const NAMES = {
  direct: 'upstream direct',
  nginx: 'nginx',
  floor: 'node floor (node:http + undici dispatch, no pipeline)',
  full: 'mosaic full pipeline',
  traced: 'mosaic full pipeline, traced (OTLP export)',
} as const;

export interface Sample {
  /** CPU time the proxy process tree spent per request, in µs: unlike req/s, not skewed by other load. */
  proxyCpuUsPerRequest: number | undefined;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** CPU seconds (user + system) of a process and all its descendants (nginx's worker), from /proc. */
function cpuSecondsOfTree(pid: number): number {
  let seconds = cpuSeconds(pid) ?? 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    for (const child of children ? children.split(' ') : []) seconds += cpuSecondsOfTree(Number(child));
  }
  return seconds;
}

export async function measure(target: Target, options: Options, durationSec: number): Promise<Sample> {
  const cpuBefore = target.pid ? cpuSecondsOfTree(target.pid) : 0;
  const result = await autocannon({
    url: target.url,
    connections: options.connections,
    duration: durationSec,
    headers: target.headers ?? {},
  });
  const cpu = target.pid ? cpuSecondsOfTree(target.pid) - cpuBefore : undefined;
  return {
    proxyCpuUsPerRequest: cpu === undefined ? undefined : (cpu * 1e6) / Math.max(1, result.requests.total),
    requestsPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
