import { HEADER_VOUCH, type Vouches } from '../../auth/vouch.ts';
import { connectionTokens, isHopByHop } from '../../calls/headers.ts';
import {
  BreakerOpenError,
  CallError,
  NoInstanceError,
  type ServiceClient,
  UpstreamTimeoutError,
  wholeSeconds,
} from '../../calls/index.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Exchange, GatewayAnswer, GatewayStage } from '../pipeline.ts';
import type { Problems } from '../problem.ts';

/**
 * Stages 9 and 10: sends the request to the route's service through its client (round robin over ready
 * instances from the watched registry, a breaker per instance, the route's deadline, a retry elsewhere for
 * idempotent methods) and passes the answer back, or explains in a problem why there is none.
 */
export function proxy(
  clients: ReadonlyMap<string, ServiceClient>,
  defaultTimeoutMs: number,
  problems: Problems,
  logger: Logger,
  vouches: Vouches,
): GatewayStage {
  return async (exchange) => {
    const { request, route } = exchange;
    if (!route) throw new Error('the proxy stage ran before the route stage chose a route');
    const client = clients.get(route.service);
    if (!client) throw new Error(`the gateway has no client for service ${route.service}`);
    const timeoutMs = route.timeoutMs ?? defaultTimeoutMs;
    try {
      const outgoing = {
        method: request.method,
        path: request.url,
        headers: forwardedHeaders(exchange, vouches),
        body: Buffer.isBuffer(request.body) ? request.body : undefined,
        timeoutMs,
        work: { requestId: exchange.requestId },
        parent: exchange.trace,
      };
      // A stream's deadline covers its head; the handler relays its body as it comes (relay.ts).
      if (route.stream) {
        const streamed = await client.openStream(outgoing);
        return {
          status: streamed.status,
          headers: returnedHeaders(streamed.headers, request.method),
          body: streamed.body,
        };
      }
      const response = await client.request(outgoing);
      return {
        status: response.status,
        headers: returnedHeaders(response.headers, request.method),
        body: response.body,
      };
    } catch (error) {
      if (!(error instanceof CallError)) throw error;
      logger.warn(
        { err: error, service: route.service, requestId: exchange.requestId },
        `${route.service} gave no answer: ${error.code}`,
      );
      return callProblem(exchange, error, timeoutMs, problems);
    }
  };
}

/** The client-facing story of a failed call: what happened and what to do, without internal addresses. */
function callProblem(exchange: Exchange, error: CallError, timeoutMs: number, problems: Problems): GatewayAnswer {
  const where = exchange;
  const service = error.service;
  if (error instanceof NoInstanceError) {
    return problems.answer(
      where,
      503,
      'no-instance',
      `no instance of the ${service} service is ready to take this request; it may be starting or stopped — try again shortly`,
    );
  }
  if (error instanceof BreakerOpenError) {
    const seconds = wholeSeconds(error.retryAfterMs);
    return problems.answer(
      where,
      503,
      'circuit-open',
      `the ${service} service is failing and is being given time to recover; try again in ${seconds} s`,
      { headers: { 'retry-after': String(seconds) } },
    );
  }
  // 504, not the seed's 408: 408 says the *client* was too slow to send its request, and clients retry it at
  // once on the same connection. Here the client was fine and the service behind the gateway was slow, which
  // is exactly what 504 Gateway Timeout means (RFC 9110 §15.6.5).
  if (error instanceof UpstreamTimeoutError) {
    const waited = error.timeoutMs > 0 ? error.timeoutMs : timeoutMs;
    return problems.answer(
      where,
      504,
      'upstream-timeout',
      `the ${service} service did not answer within ${waited} ms; try again shortly`,
    );
  }
  return problems.answer(
    where,
    502,
    'upstream-unreachable',
    `the ${service} service could not be reached; try again shortly`,
  );
}

/**
 * Client headers minus the per-hop ones and any `x-mosaic-*` (a client must not claim an identity or a
 * deadline), plus where the request came from and, on authenticated routes, the gateway's signed word for
 * who made it (a vouch bound to this request's id: services believe nothing else).
 */
function forwardedHeaders(exchange: Exchange, vouches: Vouches): Record<string, string> {
  const { request, claims } = exchange;
  const incoming = request.headers;
  const tokens = connectionTokens(incoming.connection);
  const headers: Record<string, string> = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || isHopByHop(name, tokens) || name === 'host' || name === 'content-length') continue;
    if (name.startsWith('x-mosaic-')) continue;
    headers[name] = typeof value === 'string' ? value : value.join(', ');
  }
  if (claims) headers[HEADER_VOUCH] = vouches.mint({ sub: claims.sub, role: claims.role }, exchange.requestId);
  // Each hop appends the address it was called from (behind a trusted balancer, the balancer's own).
  const forwardedFor = incoming['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${request.peer}` : request.peer;
  if (incoming.host) headers['x-forwarded-host'] = incoming.host;
  headers['x-forwarded-proto'] = request.protocol;
  return headers;
}

/** Upstream headers minus the per-hop ones; the gateway sets its own length and request id. */
function returnedHeaders(
  headers: Record<string, string | string[]>,
  method: string,
): Record<string, string | string[]> {
  const tokens = connectionTokens(headers.connection);
  const returned: Record<string, string | string[]> = {};
  for (const name in headers) {
    if (isHopByHop(name, tokens) || name === 'x-request-id') continue;
    // A HEAD answer has no body, so its length is the upstream's word; otherwise the gateway measures the bytes.
    if (name === 'content-length' && method !== 'HEAD') continue;
    returned[name] = headers[name]!;
  }
  return returned;
}
