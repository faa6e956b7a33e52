import type { FastifyError, FastifyReply } from 'fastify';
import type { ErrorBody, ErrorFacts } from '../http/catalog.ts';
import { refusalOf } from '../http/request-errors.ts';
import type { Logger } from '../observability/logger.ts';
import { HttpError } from './errors.ts';
import { problem, sendProblem } from './problem.ts';

/**
 * One way every error of a service is answered: a use case's refusal keeps its reason and extras, a request
 * the kit refused (schema, JSON, a value the database cannot hold) its refusal, anything else is a logged
 * 500. The body is the system's (`errorBody`) or RFC 9457 problem details.
 */
export function answerError(
  reply: FastifyReply,
  error: FastifyError | HttpError | Error,
  options: { logger: Logger; requestId: string; errorBody?: ErrorBody | undefined },
): FastifyReply {
  const facts = factsOf(error, options.requestId);
  if (!facts) {
    // The service's logger, not request.log: that one binds the request id again, which the mixin already adds.
    options.logger.error({ err: error }, 'request failed');
  }
  return sendError(
    reply,
    facts ?? {
      status: 500,
      reason: 'internal',
      detail: 'the service failed to handle the request; it has been logged',
      requestId: options.requestId,
    },
    options.errorBody,
  );
}

export function sendError(reply: FastifyReply, facts: ErrorFacts, errorBody: ErrorBody | undefined): FastifyReply {
  const { retryAfterSec, ...extra } = facts.extra ?? {};
  if (typeof retryAfterSec === 'number') reply.header('retry-after', String(retryAfterSec));
  if (errorBody) return reply.code(facts.status).send(errorBody(facts));
  const errors = facts.errors ? { errors: facts.errors } : {};
  return sendProblem(reply, problem(facts.status, facts.reason, facts.detail, { ...extra, ...errors }));
}

function factsOf(error: Error, requestId: string): ErrorFacts | undefined {
  if (error instanceof HttpError) {
    return { status: error.status, reason: error.reason, detail: error.message, requestId, extra: error.extra };
  }
  const refusal = refusalOf(error);
  if (!refusal) return undefined;
  const { status, reason, detail, errors } = refusal;
  return { status, reason, detail, requestId, ...(errors ? { errors } : {}) };
}
