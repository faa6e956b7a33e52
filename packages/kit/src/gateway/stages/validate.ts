import type { ValidateFunction } from 'ajv';
import { isJsonContentType, parseJsonBody } from '../../http/json-body.ts';
import type { FieldError } from '../../http/schema-errors.ts';
import { checkPart, createRequestValidators, type RequestPart } from '../../http/validators.ts';
import type { GatewayStage } from '../pipeline.ts';
import type { Problems } from '../problem.ts';
import type { GatewayRoute } from '../route.ts';

type RouteValidators = Partial<Record<RequestPart, ValidateFunction>>;

/**
 * Stage 6: path parameters, query and JSON body against the route's schemas → 400 listing each bad field;
 * a body that is not JSON → 415, JSON that does not parse or carries a prototype key → 400. The rules are the
 * services' own (`createRequestValidators`), so the gateway accepts exactly what the service would; it checks
 * a parsed copy and forwards the bytes that came in.
 */
export function validate(routes: readonly GatewayRoute[], problems: Problems): GatewayStage {
  const validators = createRequestValidators();
  const compiled = new Map<GatewayRoute, RouteValidators>();
  for (const route of routes) {
    if (!route.schema) continue;
    const byPart: RouteValidators = {};
    for (const part of ['params', 'querystring', 'body'] as const) {
      const schema = route.schema[part];
      if (schema) byPart[part] = validators.compile(part, schema);
    }
    compiled.set(route, byPart);
  }

  return (exchange) => {
    const byPart = exchange.route && compiled.get(exchange.route);
    if (!byPart) return undefined;
    const { request } = exchange;
    const errors: FieldError[] = [];
    if (byPart.params) checkPart(byPart.params, { ...exchange.params }, 'params', errors);
    if (byPart.querystring) checkPart(byPart.querystring, { ...(request.query as object) }, 'querystring', errors);
    if (byPart.body) {
      const raw = Buffer.isBuffer(request.body) ? request.body : undefined;
      let body: unknown;
      if (raw && raw.length > 0) {
        const type = request.headers['content-type'];
        if (!isJsonContentType(type)) {
          return problems.answer(
            exchange,
            415,
            'unsupported-media-type',
            `this route takes a JSON body; send it with Content-Type: application/json (got ${type?.slice(0, 60) || 'none'})`,
          );
        }
        const parsed = parseJsonBody(raw);
        if (!parsed.ok) return problems.answer(exchange, 400, parsed.reason, parsed.detail);
        body = parsed.value;
      }
      checkPart(byPart.body, body, 'body', errors);
    }
    if (errors.length === 0) return undefined;
    return problems.answer(exchange, 400, 'invalid-request', errors.map((e) => `${e.field} ${e.message}`).join('; '), {
      errors,
    });
  };
}
