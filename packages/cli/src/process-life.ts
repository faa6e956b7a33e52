import type { Logger } from '@mosaic/kit/observability';

/** What a process started by `mosaic run` / `mosaic gateway` tells its parent over IPC, when it has one. */
export type ChildReport =
  | { type: 'ready'; name: string; url: string; port: number; pid: number; instanceId?: string }
  | { type: 'delivery'; group: string; eventId: string; eventType: string; subject: string }
  | { type: 'drill-done'; drill: string };

/** Sends a report to the supervisor (or test) that spawned this process with an IPC channel; else nothing. */
export function report(message: ChildReport): void {
  if (process.send && process.connected) process.send(message);
}

/** The port to listen on: MOSAIC_PORT when set (0 picks a free one), else the declared one. */
export function listenPort(declared: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MOSAIC_PORT;
  if (raw === undefined || raw === '') return declared;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`MOSAIC_PORT="${raw}" must be a port number from 0 (any free port) to 65535`);
  }
  return port;
}

/**
 * The one rule for SIGTERM and SIGINT in every Mosaic process: the first starts `graceful`; the same stop
 * arriving twice within a second (a terminal's Ctrl-C reaches the whole process group, and a supervisor may
 * send SIGTERM as well) counts once; a later signal means the user insists, and `insist` ends it at once.
 */
export function onStopSignals(
  graceful: (signal: NodeJS.Signals) => void,
  insist: (signal: NodeJS.Signals) => void,
): (signal: NodeJS.Signals) => void {
  let stoppingSince: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppingSince === undefined) {
      stoppingSince = Date.now();
      graceful(signal);
    } else if (Date.now() - stoppingSince >= 1_000) {
      insist(signal);
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return onSignal;
}

/**
 * Keeps the process until SIGTERM or SIGINT, then stops gracefully (what a container orchestrator and the
 * supervisor expect) and exits 0. A second signal, or a stop that takes longer than MOSAIC_STOP_TIMEOUT_MS
 * (default 20 s), exits at once with 1: nothing is lost, since unsent events stay in the outbox.
 */
export function stopOnSignal(name: string, logger: Logger, stop: () => Promise<void>): void {
  const timeoutMs = Number(process.env.MOSAIC_STOP_TIMEOUT_MS) || 20_000;
  const onSignal = onStopSignals(
    (signal) => {
      logger.info(`${name}: ${signal}, stopping gracefully`);
      const timer = setTimeout(() => {
        logger.error(`${name}: graceful stop took longer than ${timeoutMs} ms; exiting`);
        process.exit(1);
      }, timeoutMs);
      timer.unref();
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, `${name}: graceful stop failed`);
          process.exit(1);
        },
      );
    },
    (signal) => {
      logger.warn(`${name}: second ${signal}, exiting without finishing the graceful stop`);
      process.exit(1);
    },
  );
  // The supervisor went away without a word: do not linger as an orphan.
  process.on('disconnect', () => onSignal('SIGTERM'));
}
