import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import type { GatewayStage } from '../pipeline.ts';
import type { Problems } from '../problem.ts';
import type { GatewayRoute } from '../routes.ts';

interface RouteValidators {
  params?: ValidateFunction;
  querystring?: ValidateFunction;
  body?: ValidateFunction;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Stage 6: path parameters, query and JSON body against the route's schemas → 400 listing each bad field;
 * a body that is not JSON → 415, JSON that does not parse → 400. Validated on a parsed copy with the options
 * services use (coercion, extra fields dropped), so the gateway accepts exactly what the service would; the
 * bytes forwarded are the ones that came in.
 */
export function validate(routes: readonly GatewayRoute[], problems: Problems): GatewayStage {
  const ajv = new Ajv({ allErrors: true, coerceTypes: 'array', removeAdditional: true, strict: false });
  // ajv-formats is CommonJS: its default export arrives either bare or wrapped, depending on the loader.
  const addFormats = ((formatsPlugin as { default?: unknown }).default ?? formatsPlugin) as (a: Ajv) => void;
  addFormats(ajv);
  const compiled = new Map<GatewayRoute, RouteValidators>();
  for (const route of routes) {
    if (!route.schema) continue;
    const validators: RouteValidators = {};
    for (const part of ['params', 'querystring', 'body'] as const) {
      const schema = route.schema[part];
      if (!schema) continue;
      try {
        validators[part] = ajv.compile(schema);
      } catch (error) {
        throw new Error(
          `gateway route ${route.path}: its ${part} schema does not compile (${error instanceof Error ? error.message : error}); fix the schema`,
        );
      }
    }
    compiled.set(route, validators);
  }

  return (exchange) => {
    const validators = exchange.route && compiled.get(exchange.route);
    if (!validators) return undefined;
    const { request } = exchange;
    const errors: { field: string; message: string }[] = [];
    if (validators.params) check(validators.params, { ...exchange.params }, 'params', errors);
    if (validators.querystring) check(validators.querystring, { ...(request.query as object) }, 'query', errors);
    if (validators.body) {
      const raw = Buffer.isBuffer(request.body) ? request.body : undefined;
      let body: unknown;
      if (raw && raw.length > 0) {
        const type = request.headers['content-type'] ?? '';
        if (!JSON_TYPE.test(type)) {
          return problems.answer(
            exchange,
            415,
            'unsupported-media-type',
            `this route takes a JSON body; send it with Content-Type: application/json (got ${type.slice(0, 60) || 'none'})`,
          );
        }
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch (error) {
          return problems.answer(
            exchange,
            400,
            'malformed-json',
            `the body is not valid JSON (${error instanceof Error ? error.message : error}); fix it and send it again`,
          );
        }
      }
      check(validators.body, body, 'body', errors);
    }
    if (errors.length === 0) return undefined;
    return problems.answer(exchange, 400, 'invalid-request', errors.map((e) => `${e.field} ${e.message}`).join('; '), {
      errors,
    });
  };
}

function check(
  validator: ValidateFunction,
  data: unknown,
  where: string,
  errors: { field: string; message: string }[],
): void {
  if (validator(data)) return;
  for (const error of validator.errors ?? []) errors.push({ field: fieldOf(where, error), message: messageOf(error) });
}

/** `body.qty`, `query.count`: where the bad value was, in the caller's words. */
function fieldOf(where: string, error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const params = error.params as Record<string, unknown>;
  const named = typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
  return [where, path, named].filter(Boolean).join('.');
}

function messageOf(error: ErrorObject): string {
  return error.message ?? 'is invalid';
}
