import type { Runtime } from './system-processes.ts';

/** What `npm run bench -- rooms` was asked to do. */
export interface RoomsOptions {
  runtimes: Runtime[];
  clients: number[];
  /** Seconds of every run but the seed's 2 clients, which are always 60 s. */
  seconds: number;
  rounds: number;
  /**
   * Seconds of the unmeasured run before each client count's first round (0: none): V8 compiles the hot paths, and its
   * rate sizes the measured runs' bookings (each booking is checked in once, and preparing one costs about what
   * a transaction does, so the pools are sized to 1.5× the rate seen rather than to a guess).
   */
  warmupSeconds: number;
  /** Write a V8 CPU profile of every rooms process and print where each spent its time. */
  profile: boolean;
}
