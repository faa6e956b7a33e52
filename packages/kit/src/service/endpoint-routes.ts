import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Identity } from '../auth/vouch.ts';
import { Answer, type Endpoint } from './endpoint.ts';
import { HEADER_ROLE, HEADER_SERVICE, HEADER_SUBJECT } from './vouched-identity.ts';

/**
 * Registers a service's endpoints on its Fastify scope: each endpoint's schemas validate (and, for path and
 * query, type) the request before its handler runs, and the handler's value becomes the answer.
 */
export async function registerEndpoints<Ctx>(
  app: FastifyInstance,
  endpoints: readonly Endpoint<Ctx>[],
  ctx: Ctx,
): Promise<void> {
  const uploads = endpoints.flatMap((e) => (e.upload ? [e.upload] : []));
  if (uploads.length > 0) {
    // One parser for the scope, as wide as the widest upload; each handler checks its own files.
    await app.register(multipart, {
      limits: {
        fileSize: Math.max(...uploads.map((u) => u.maxBytes)),
        files: Math.max(...uploads.map((u) => u.files)),
      },
    });
  }
  for (const endpoint of endpoints) {
    app.route({
      method: endpoint.method,
      url: endpoint.path,
      schema: {
        ...(endpoint.params ? { params: endpoint.params } : {}),
        ...(endpoint.query ? { querystring: endpoint.query } : {}),
        ...(endpoint.body ? { body: endpoint.body } : {}),
      },
      handler: async (request, reply) => {
        const result = await endpoint.handle(ctx, {
          params: request.params,
          query: request.query,
          body: request.body,
          caller: callerOf(request),
          headers: request.headers,
          http: request,
        });
        return result instanceof Answer ? send(reply, result) : result;
      },
    });
  }
}

function send(reply: FastifyReply, answer: Answer): FastifyReply {
  reply.code(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  if (answer.contentType) reply.type(answer.contentType);
  return reply.send(answer.body);
}

/** The identity the kit set from a verified vouch (`useVouchedIdentity`), or undefined. */
export function callerOf(request: FastifyRequest): Identity | undefined {
  const { headers } = request;
  const sub = headers[HEADER_SUBJECT];
  const role = headers[HEADER_ROLE];
  if (typeof sub === 'string' && typeof role === 'string') return { sub, role };
  const service = headers[HEADER_SERVICE];
  if (typeof service === 'string') return { service };
  return undefined;
}
