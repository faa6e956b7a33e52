import { CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen } from 'cockatiel';
import { UpstreamTimeoutError, UpstreamUnreachableError } from './errors.ts';
import { isInstanceFailure, type UpstreamResponse } from './response.ts';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failures: number;
  /** How long an open breaker refuses calls before it lets one trial call through. */
  halfOpenAfterMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failures: 5, halfOpenAfterMs: 10_000 };

/** One instance's circuit breaker (cockatiel's state machine, plus the "when may I try again" it does not expose). */
export interface InstanceBreaker {
  /** True when a call may go to the instance now: closed, or open long enough that this call is the trial. */
  available(now: number): boolean;
  state(now: number): BreakerState;
  /** Milliseconds until the breaker lets a trial call through (0 when it would now). */
  retryAfterMs(now: number): number;
  execute(send: () => Promise<UpstreamResponse>): Promise<UpstreamResponse>;
}

/** Network errors, timeouts and 5xx (see isInstanceFailure) count as failures; a 4xx is the instance working correctly. */
const policy = handleWhen(
  (error) => error instanceof UpstreamTimeoutError || error instanceof UpstreamUnreachableError,
).orWhenResult((result) => isInstanceFailure(result as UpstreamResponse));

export function createInstanceBreaker(
  options: BreakerOptions,
  events: { onOpen(): void; onClose(): void },
): InstanceBreaker {
  const breaker = circuitBreaker(policy, {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.failures),
  });
  let openedAt = 0;
  breaker.onBreak(() => {
    openedAt = Date.now();
    events.onOpen();
  });
  breaker.onReset(() => events.onClose());

  const retryAfterMs = (now: number) => Math.max(0, openedAt + options.halfOpenAfterMs - now);

  return {
    available(now) {
      // HalfOpen means a trial call is in flight; cockatiel would queue us behind it, so look elsewhere.
      const state = breaker.state;
      return state === CircuitState.Closed || (state === CircuitState.Open && retryAfterMs(now) === 0);
    },
    state(now) {
      switch (breaker.state) {
        case CircuitState.Closed:
          return 'closed';
        case CircuitState.Open:
          // cockatiel only moves to HalfOpen on the next call; report what that call would find.
          return retryAfterMs(now) === 0 ? 'half-open' : 'open';
        case CircuitState.HalfOpen:
          return 'half-open';
        default:
          return 'open';
      }
    },
    retryAfterMs(now) {
      return breaker.state === CircuitState.Open ? retryAfterMs(now) : 0;
    },
    execute(send) {
      return breaker.execute(send);
    },
  };
}
