/**
 * An error a client caused or can act on. Use cases throw these; the service's error handler turns them into
 * a response with their status, so a client's mistake is never a 500.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** A stable, machine-readable reason, e.g. `order-delivered`. */
    readonly reason: string,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (reason: string, message: string, extra?: Record<string, unknown>) =>
  new HttpError(400, reason, message, extra);
export const notFound = (what: string, id: string | number) =>
  new HttpError(404, 'not-found', `${what} ${id} does not exist`);
export const conflict = (reason: string, message: string) => new HttpError(409, reason, message);
export const unavailable = (reason: string, message: string, retryAfterSec: number) =>
  new HttpError(503, reason, message, { retryAfterSec });
