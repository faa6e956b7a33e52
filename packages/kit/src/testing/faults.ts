import type { Envelope } from '../messaging/envelope.ts';
import { problem, sendProblem } from '../service/problem.ts';
import type { ServiceInterceptors } from '../service/start.ts';

/**
 * Failures a test (or a chaos drill) injects into a running service: slow or failing HTTP, failing event
 * handlers. A test adapter: only a service started with these interceptors reads them (on every request, so
 * changes apply at once); production services have no such hook.
 */
export interface Faults {
  /** Each request waits a random time in [min, max] ms before it is handled. */
  latencyMs?: readonly [number, number];
  /** Each request is answered with this status instead of being handled. */
  failWith?: number;
  /** Called before each event handler; throw to make the handler fail. */
  beforeEvent?: (event: Envelope, group: string) => void;
}

const OPERATIONAL_PATHS = new Set(['/livez', '/readyz', '/metrics']);

export function faultInterceptors(faults: Faults): ServiceInterceptors {
  return {
    async onRequest(request, reply) {
      if (OPERATIONAL_PATHS.has(request.url)) return;
      const { latencyMs, failWith } = faults;
      if (latencyMs) await sleep(randomBetween(latencyMs));
      if (failWith) {
        await sendProblem(reply, problem(failWith, 'injected-fault', 'a fault was injected into this service'));
      }
    },
    beforeEvent: (event, group) => faults.beforeEvent?.(event, group),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function randomBetween([min, max]: readonly [number, number]): number {
  return min + Math.random() * (max - min);
}
