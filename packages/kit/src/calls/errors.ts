/** Which service a call was for; every call error names it so a log line says who failed. */
export interface CallTarget {
  system: string;
  service: string;
}

export type CallErrorCode = 'NO_INSTANCE' | 'BREAKER_OPEN' | 'UPSTREAM_TIMEOUT' | 'UPSTREAM_UNREACHABLE';

/** Base of every error a service call throws on purpose; anything else is a bug in the caller or the kit. */
export abstract class CallError extends Error {
  abstract readonly code: CallErrorCode;
  readonly system: string;
  readonly service: string;

  constructor(target: CallTarget, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.system = target.system;
    this.service = target.service;
  }
}

/** No instance of the service is registered and ready. */
export class NoInstanceError extends CallError {
  readonly code = 'NO_INSTANCE';

  constructor(target: CallTarget) {
    super(
      target,
      `no ready instance of the ${target.service} service (system ${target.system}) is registered; ` +
        'it may be starting or stopped — try again shortly',
    );
  }
}

/** Every ready instance has its circuit breaker open: the service is being given time to recover. */
export class BreakerOpenError extends CallError {
  readonly code = 'BREAKER_OPEN';
  /** Time until the earliest breaker lets a trial call through. */
  readonly retryAfterMs: number;

  constructor(target: CallTarget, retryAfterMs: number) {
    super(
      target,
      `every instance of the ${target.service} service has failed repeatedly and is being given time to recover ` +
        `(circuit breaker open); try again in ${wholeSeconds(retryAfterMs)} s`,
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/** The call's deadline passed before a full answer arrived; the request was aborted. */
export class UpstreamTimeoutError extends CallError {
  readonly code = 'UPSTREAM_TIMEOUT';
  /** The time the call was given (its timeout, or less when the caller's own deadline was nearer). */
  readonly timeoutMs: number;
  /** The instance that was being waited for; absent when the deadline had passed before any was called. */
  readonly instanceId: string | undefined;

  constructor(target: CallTarget, timeoutMs: number, instanceId?: string) {
    super(
      target,
      instanceId === undefined
        ? `the ${target.service} service was not called: the caller's deadline had already passed`
        : `the ${target.service} service did not answer within ${timeoutMs} ms (instance ${instanceId})`,
    );
    this.timeoutMs = timeoutMs;
    this.instanceId = instanceId;
  }
}

/** The connection to an instance was refused, reset or closed before an answer came. */
export class UpstreamUnreachableError extends CallError {
  readonly code = 'UPSTREAM_UNREACHABLE';
  readonly instanceId: string;
  readonly url: string;
  /**
   * False when no connection was made, so the instance cannot have seen the request: only then may a request
   * that is not idempotent be tried elsewhere.
   */
  readonly requestSent: boolean;

  constructor(target: CallTarget, instance: { id: string; url: string }, cause: unknown) {
    super(
      target,
      `the ${target.service} service could not be reached at ${instance.url} (instance ${instance.id}): ${describe(cause)}`,
      { cause },
    );
    this.instanceId = instance.id;
    this.url = instance.url;
    this.requestSent = !NOT_CONNECTED.has(String((cause as { code?: unknown } | null)?.code));
  }
}

/** Failures to open a connection at all: nothing of the request left this process. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && !cause.message.includes(code) ? `${code} ${cause.message}` : cause.message;
  }
  return String(cause);
}

/** Milliseconds as the whole seconds of a Retry-After header: rounded up, at least 1. */
export const wholeSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * How long a caller should wait before trying again after a failed call: the breaker's own time when the call
 * was refused because it is open, otherwise `otherwiseSec`.
 */
export function retryAfterSecOf(error: unknown, otherwiseSec: number): number {
  return error instanceof BreakerOpenError ? wholeSeconds(error.retryAfterMs) : otherwiseSec;
}
