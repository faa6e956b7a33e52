import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  CountBreaker,
  circuitBreaker,
  handleWhen,
  handleWhenResult,
} from 'cockatiel';
import { UpstreamTimeoutError, UpstreamUnreachableError } from './errors.ts';
import { type AnswerHead, isServerFailure, isUnwellAnswer } from './response.ts';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** A breaker's state with what an operator asks next: since when, and what tripped it. */
export interface BreakerReport {
  state: BreakerState;
  /** Epoch ms of the last change of state; null when it never changed. */
  since: number | null;
  /** What last opened it (the failure that tripped it); null when it never opened. */
  reason: string | null;
}

export interface BreakerOptions {
  /** Consecutive signs that the instance is unwell (refused, reset, timed out, 502/503/504 without Retry-After). */
  failures: number;
  /** How long an open breaker refuses calls before it lets one trial call through. */
  halfOpenAfterMs: number;
  /**
   * Also open when more than `threshold` (0–1) of the last `window` calls answered 5xx, once at least
   * `minimumCalls` were made. A 500 is counted only here: a few of them say more about the requests than the
   * instance. Default: half of the last 40, from 20 calls.
   */
  errorRate?: { threshold: number; window: number; minimumCalls: number };
}

export const DEFAULT_BREAKER: BreakerOptions = { failures: 5, halfOpenAfterMs: 10_000 };
const DEFAULT_ERROR_RATE = { threshold: 0.5, window: 40, minimumCalls: 20 };

/** One instance's circuit breaker (cockatiel's state machine, plus the "when may I try again" it does not expose). */
export interface InstanceBreaker {
  /** True when a call may go to the instance now: closed, or open long enough that this call is the trial. */
  available(now: number): boolean;
  state(now: number): BreakerState;
  /** Milliseconds until the breaker lets a trial call through (0 when it would now). */
  retryAfterMs(now: number): number;
  report(now: number): BreakerReport;
  /** Judges the answer by its head: a stream counts as a success or failure once its status is known. */
  execute<R extends AnswerHead>(send: () => Promise<R>): Promise<R>;
}

/**
 * Two cockatiel breakers in a row, each watching one signal (DESIGN §5): consecutive signs that the instance
 * itself is unwell, and a 5xx rate over a minimum volume. Neither counts a 4xx or a 503 with Retry-After, so
 * no client can open a breaker with a handful of bad requests.
 */
export function createInstanceBreaker(
  options: BreakerOptions,
  events: { onOpen(): void; onClose(): void },
): InstanceBreaker {
  const rate = options.errorRate ?? DEFAULT_ERROR_RATE;
  // Kept by name: a call made while both circuits are closed reports its success to them directly (below).
  const consecutive = new ConsecutiveBreaker(options.failures);
  const count = new CountBreaker({
    threshold: rate.threshold,
    size: rate.window,
    minimumNumberOfCalls: rate.minimumCalls,
  });
  const unwell = watched(
    circuitBreaker(
      handleWhen(isInstanceFailure).orWhenResult((result) => isUnwellAnswer(result as AnswerHead)),
      { halfOpenAfter: options.halfOpenAfterMs, breaker: consecutive },
    ),
    options.halfOpenAfterMs,
  );
  const failing = watched(
    circuitBreaker(
      handleWhenResult((result) => isServerFailure(result as AnswerHead)),
      { halfOpenAfter: options.halfOpenAfterMs, breaker: count },
    ),
    options.halfOpenAfterMs,
  );
  const both = [unwell, failing];
  let open = false;
  // Kept for the operator routes (`report`): logs say the same, but nobody reads logs to see a breaker.
  let changedAt: number | null = null;
  let trippedBy: string | null = null;
  /** `trip`: what opened a circuit, even one already open (a failed trial call opens it again). */
  const changed = (trip?: string) => {
    if (trip !== undefined) {
      trippedBy = trip;
      changedAt = Date.now();
    }
    const nowOpen = both.some((b) => b.policy.state !== CircuitState.Closed);
    if (nowOpen === open) return;
    open = nowOpen;
    changedAt = Date.now();
    if (open) events.onOpen();
    else events.onClose();
  };
  unwell.policy.onBreak((reason) => changed(`${options.failures} failures in a row, the last: ${failureText(reason)}`));
  failing.policy.onBreak((reason) =>
    changed(
      `more than ${Math.round(rate.threshold * 100)} % of the last ${rate.window} calls answered 5xx, the last: ${failureText(reason)}`,
    ),
  );
  for (const b of both) b.policy.onReset(() => changed());

  /**
   * A call while both circuits are closed, which is nearly every call. Nested `execute`s would cost four async
   * functions, four promises and four microtask hops per call (bench/), just to tell each breaker "success".
   * So the call is awaited once and a success goes to each breaker directly, as its policy would report it.
   * What the policies must judge (a failure that may open a circuit) is handed to them as the settled outcome,
   * and awaited, so a circuit has opened before the caller sees the failure, as before. Counted as in the
   * nested policies: the error-rate circuit first, and only answers; the consecutive one errors and answers.
   */
  async function whileClosed<R extends AnswerHead>(send: () => Promise<R>): Promise<R> {
    let answer: R;
    try {
      answer = await send();
    } catch (error) {
      if (!isInstanceFailure(error) || unwell.policy.state !== CircuitState.Closed) throw error;
      return unwell.policy.execute(() => Promise.reject(error));
    }
    if (!isServerFailure(answer)) count.success(CircuitState.Closed);
    else if (failing.policy.state === CircuitState.Closed) await failing.policy.execute(() => Promise.resolve(answer));
    if (!isUnwellAnswer(answer)) consecutive.success();
    else if (unwell.policy.state === CircuitState.Closed) await unwell.policy.execute(() => Promise.resolve(answer));
    return answer;
  }

  function stateAt(now: number): BreakerState {
    const states = both.map((b) => b.state(now));
    if (states.includes('open')) return 'open';
    return states.includes('half-open') ? 'half-open' : 'closed';
  }

  return {
    available: (now) => both.every((b) => b.available(now)),
    state: stateAt,
    retryAfterMs: (now) => Math.max(...both.map((b) => b.retryAfterMs(now))),
    report(now) {
      const state = stateAt(now);
      // cockatiel turns half-open only at the next call; the breaker has let one through since the wait ended.
      const since = state === 'half-open' && changedAt !== null ? changedAt + options.halfOpenAfterMs : changedAt;
      return { state, since, reason: trippedBy };
    },
    execute(send) {
      if (unwell.policy.state === CircuitState.Closed && failing.policy.state === CircuitState.Closed) {
        return whileClosed(send);
      }
      // A trial call, or a circuit that opened since the pick: cockatiel's own state machine decides.
      return unwell.policy.execute(() => failing.policy.execute(send));
    },
  };
}

/** What tripped a circuit, in words: the error's message, or the answer's status. */
function failureText(reason: { error: Error } | { value: unknown } | { isolated: true }): string {
  if ('error' in reason) return reason.error.message || reason.error.name;
  if ('value' in reason) {
    const status = (reason.value as Partial<AnswerHead> | undefined)?.status;
    return status === undefined ? 'a failed answer' : `an answer with status ${status}`;
  }
  return 'isolated by hand';
}

/** What says the instance itself is unwell, whatever the request: it timed out, or could not be reached. */
function isInstanceFailure(error: unknown): boolean {
  return error instanceof UpstreamTimeoutError || error instanceof UpstreamUnreachableError;
}

interface Watched {
  policy: CircuitBreakerPolicy;
  available(now: number): boolean;
  state(now: number): BreakerState;
  retryAfterMs(now: number): number;
}

function watched(policy: CircuitBreakerPolicy, halfOpenAfterMs: number): Watched {
  let openedAt = 0;
  policy.onBreak(() => {
    openedAt = Date.now();
  });
  const untilTrial = (now: number) => Math.max(0, openedAt + halfOpenAfterMs - now);
  return {
    policy,
    available(now) {
      // HalfOpen means a trial call is in flight; cockatiel would queue us behind it, so look elsewhere.
      const state = policy.state;
      return state === CircuitState.Closed || (state === CircuitState.Open && untilTrial(now) === 0);
    },
    state(now) {
      switch (policy.state) {
        case CircuitState.Closed:
          return 'closed';
        case CircuitState.Open:
          // cockatiel only moves to HalfOpen on the next call; report what that call would find.
          return untilTrial(now) === 0 ? 'half-open' : 'open';
        case CircuitState.HalfOpen:
          return 'half-open';
        default:
          return 'open';
      }
    },
    retryAfterMs: (now) => (policy.state === CircuitState.Open ? untilTrial(now) : 0),
  };
}
