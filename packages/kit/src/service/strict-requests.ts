import type { FastifyInstance, RouteOptions } from 'fastify';
import { JSON_CONTENT_TYPE, parseJsonBody } from '../http/json-body.ts';
import type { JSONSchema } from '../http/strict-schema.ts';
import { createRequestValidators, type RequestPart } from '../http/validators.ts';
import { HttpError } from './errors.ts';

/** A route that declares no query takes none: an unknown parameter is refused by name, never ignored. */
const NO_QUERY: JSONSchema = { type: 'object', properties: {} };

/**
 * Every route of a service checks its request before the handler runs, with the rules the gateway uses
 * (`createRequestValidators`): path and query typed from text, the JSON body taken as sent, unknown fields
 * and parameters refused, integers held to int32, strings free of NUL and unpaired surrogates, prototype
 * keys refused. A route that declares no schema for a part gets the strictest one for it.
 */
export function useStrictRequests(app: FastifyInstance): void {
  const validators = createRequestValidators();
  app.setValidatorCompiler(({ schema, httpPart }) =>
    validators.compile((httpPart ?? 'body') as RequestPart, schema as JSONSchema),
  );

  // Only JSON is parsed; any other body (text/plain, a form) is 415 unless a route's plugin adds a parser
  // for it (school's multipart uploads do).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_CONTENT_TYPE, { parseAs: 'buffer' }, (_request, raw, done) => {
    const parsed = parseJsonBody(raw as Buffer);
    if (parsed.ok) done(null, parsed.value);
    else done(new HttpError(parsed.reason, parsed.detail), undefined);
  });

  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = { ...(route.schema ?? {}) } as Record<string, unknown>;
    schema.querystring ??= NO_QUERY;
    const params = pathParams(route.url);
    if (params.length > 0) schema.params ??= textParams(params);
    route.schema = schema;
  });
}

function pathParams(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
}

/** Undeclared path parameters are text: still checked for NUL and length before a handler sees them. */
function textParams(names: readonly string[]): JSONSchema {
  return {
    type: 'object',
    required: [...names],
    properties: Object.fromEntries(names.map((name) => [name, { type: 'string', maxLength: 200 }])),
  };
}
