import type { FastifyReply } from 'fastify';
import { type Reason, titleOf } from '../http/catalog.ts';

/** RFC 9457 problem details: the kit's default error body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId?: string;
  [extension: string]: unknown;
}

export function problem(status: number, reason: Reason, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `urn:mosaic:problem:${reason}`, title: titleOf(reason), status, detail, ...extra };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply
    .code(body.status)
    .type('application/problem+json')
    .send({ ...body, requestId: reply.request.id });
}
