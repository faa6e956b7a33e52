import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Identity } from '../auth/vouch.ts';
import type { RouteAuth, RouteCache } from '../gateway/route.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How the system's gateway publishes an endpoint: who may call it, what it caches and what a success clears.
 * `'internal'` keeps it off the gateway (services call it through the kit's client; the gateway answers 404).
 */
export type EndpointGateway =
  | 'internal'
  | {
      /** Default: any caller with a valid token, whatever its role. */
      auth?: RouteAuth;
      /** GET answers (200 only) kept in the shared cache. */
      cache?: RouteCache;
      /** Cache key patterns removed after a 2xx answer. */
      invalidates?: readonly string[];
      /** Overrides the gateway's default timeout for this route. */
      timeoutMs?: number;
      /** On a 2xx the caller's token is revoked until its exp (logout). */
      revokesToken?: true;
      /** Overrides the gateway's body limit for this route (413 beyond it). */
      bodyLimitBytes?: number;
      /**
       * The answer is an event stream (`openEventStream`): the gateway relays it as it comes; the route's
       * timeout covers only its head; never cached (with `cache`, `invalidates` or `revokesToken` too, the
       * gateway refuses to start).
       */
      stream?: true;
    };

/** A schema the kit can both validate with (JSON Schema) and type from (TypeBox). */
type Part<S> = S extends TSchema ? Static<S> : undefined;

/** What a handler is given: the request's parts, typed from the endpoint's schemas and already validated. */
export interface EndpointRequest<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** Who the gateway vouched for (a signed-in person, or a calling service); undefined for an anonymous caller. */
  readonly caller: Identity | undefined;
  readonly headers: FastifyRequest['headers'];
  /** The underlying request, for what the parts above do not carry (a multipart upload's files). */
  readonly http: FastifyRequest;
}

/** An answer with a status or headers other than 200 JSON: `created(...)`, `answer(...)`. */
export class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
    /** The content type when the body is not JSON (a file). */
    readonly contentType?: string,
  ) {}
}

export const answer = (status: number, body?: unknown, headers?: Readonly<Record<string, string>>) =>
  new Answer(status, body, headers);
export const created = (body: unknown, headers?: Readonly<Record<string, string>>) => new Answer(201, body, headers);
/** Raw bytes with their content type (a stored file). */
export const fileAnswer = (bytes: Uint8Array, contentType: string, headers?: Readonly<Record<string, string>>) =>
  new Answer(200, Buffer.from(bytes), headers, contentType);

export interface EndpointDeclaration<Ctx, PS, QS, BS> {
  method: HttpMethod;
  /** `/orders/:id`: the same path on the service and at the gateway. */
  path: string;
  params?: PS;
  query?: QS;
  body?: BS;
  /** One line for the OpenAPI document and the system's reference page. */
  summary: string;
  gateway: EndpointGateway;
  /** A multipart upload instead of a JSON body; the handler reads it from `request.http`. */
  upload?: { maxBytes: number; files: number };
  handle(ctx: Ctx, request: EndpointRequest<Part<PS>, Part<QS>, Part<BS>>): Promise<unknown> | unknown;
}

/** An endpoint as the kit keeps it: its schemas as plain JSON Schema, its handler on an untyped request. */
export interface Endpoint<Ctx> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly params?: TSchema;
  readonly query?: TSchema;
  readonly body?: TSchema;
  readonly summary: string;
  readonly gateway: EndpointGateway;
  readonly upload?: { maxBytes: number; files: number };
  handle(ctx: Ctx, request: EndpointRequest<unknown, unknown, unknown>): Promise<unknown> | unknown;
}

/**
 * A service's endpoint factory, typed by its context: `const endpoint = endpointsOf<OrderContext>()`.
 * Each endpoint is then declared once, and the kit derives from it the service's route, the gateway's route
 * table, validation at both ends, the cache plan and the OpenAPI document.
 */
export function endpointsOf<Ctx>() {
  return <
    PS extends TSchema | undefined = undefined,
    QS extends TSchema | undefined = undefined,
    BS extends TSchema | undefined = undefined,
  >(
    declaration: EndpointDeclaration<Ctx, PS, QS, BS>,
  ): Endpoint<Ctx> => declaration as unknown as Endpoint<Ctx>;
}
