import { REASONS, type Reason } from '../http/catalog.ts';

/**
 * An error a client caused or can act on. Use cases throw these; the service's error handler turns them into
 * an answer with the reason's status (in the system's error body), so a client's mistake is never a 500.
 */
export class HttpError extends Error {
  readonly status: number;

  constructor(
    /** A reason from the kit's catalog: it sets the status. */
    readonly reason: Reason,
    message: string,
    /** What the caller may use: a domain `rule` (`order-delivered`), a system's `code`, `retryAfterSec`. */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = REASONS[reason].status;
  }
}

export const badRequest = (message: string, extra?: Record<string, unknown>) =>
  new HttpError('bad-request', message, extra);
export const notFound = (what: string, id: string | number) =>
  new HttpError('not-found', `${what} ${id} does not exist`);
/** A domain rule refused the change; `rule` names it for the caller (`order-delivered`). */
export const conflict = (rule: string, message: string) => new HttpError('conflict', message, { rule });
export const unavailable = (message: string, retryAfterSec: number, extra?: Record<string, unknown>) =>
  new HttpError('unavailable', message, { retryAfterSec, ...extra });
