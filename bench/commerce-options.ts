import type { Runtime } from './system-processes.ts';

/** What `npm run bench -- commerce` was asked to do. */
export interface Options {
  runtimes: Runtime[];
  sizes: number[];
  rounds: number;
  /** Orders in one unmeasured burst before the rounds (0: none): V8 compiles the hot paths during the first. */
  warmup: number;
  shoppers: number;
  /** Most POSTs in flight: a number, `all` (the whole burst at once), or undefined for the defaults below. */
  concurrency: number | 'all' | undefined;
  pauseMs: number;
  timeoutSec: number;
  /** Write a V8 CPU profile of every system process and print where each spent its time. */
  profile: boolean;
}
