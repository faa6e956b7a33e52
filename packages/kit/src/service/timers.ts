import type { Logger } from '../observability/logger.ts';

/** A service's housekeeping rounds (`ctx.every`), stopped with the service: none outlives it. */
export function createTimers(logger: Logger) {
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  return {
    every(intervalMs: number, name: string, task: () => Promise<unknown>): void {
      if (stopped) return;
      let busy = false;
      const round = () => {
        // A round still running when the next is due is not doubled: sweepers are not re-entrant.
        if (busy || stopped) return;
        busy = true;
        const work: Promise<unknown> = task()
          .catch((error: unknown) => logger.error({ err: error, task: name }, `${name} failed; it runs again later`))
          .finally(() => {
            busy = false;
            running.delete(work);
          });
        running.add(work);
      };
      round();
      const timer = setInterval(round, intervalMs);
      timer.unref();
      timers.add(timer);
    },
    /** No new round starts; the rounds under way finish. */
    async stop(): Promise<void> {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      await Promise.all(running);
    },
  };
}
