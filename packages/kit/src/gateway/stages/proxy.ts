import type { FastifyRequest } from 'fastify';
import { connectionTokens, isHopByHop } from '../../calls/headers.ts';
import {
  BreakerOpenError,
  CallError,
  NoInstanceError,
  type ServiceClient,
  UpstreamTimeoutError,
} from '../../calls/index.ts';
import type { Exchange, GatewayAnswer, GatewayStage } from '../pipeline.ts';
import { problemAnswer } from '../problem.ts';

/**
 * Sends the request to the route's service through its client (instance pick, breaker, deadline, retry for
 * idempotent methods) and passes the answer back, or explains in a problem why there is none.
 */
export function proxy(clients: ReadonlyMap<string, ServiceClient>, defaultTimeoutMs: number): GatewayStage {
  return async (exchange) => {
    const { request, route } = exchange;
    if (!route) throw new Error('the proxy stage ran before the route stage chose a route');
    const client = clients.get(route.service);
    if (!client) throw new Error(`the gateway has no client for service ${route.service}`);
    const timeoutMs = route.timeoutMs ?? defaultTimeoutMs;
    try {
      const response = await client.request({
        method: request.method,
        path: request.url,
        headers: forwardedHeaders(request),
        body: Buffer.isBuffer(request.body) ? request.body : undefined,
        timeoutMs,
      });
      return {
        status: response.status,
        headers: returnedHeaders(response.headers, request.method),
        body: response.body,
      };
    } catch (error) {
      if (!(error instanceof CallError)) throw error;
      request.log.warn({ err: error, service: route.service }, `${route.service} gave no answer: ${error.code}`);
      return callProblem(exchange, error, timeoutMs);
    }
  };
}

/** The client-facing story of a failed call: what happened and what to do, without internal addresses. */
function callProblem(exchange: Exchange, error: CallError, timeoutMs: number): GatewayAnswer {
  const where = { url: exchange.request.url, requestId: exchange.requestId };
  const service = error.service;
  if (error instanceof NoInstanceError) {
    return problemAnswer(
      where,
      503,
      'no-instance',
      `no instance of the ${service} service is ready to take this request; it may be starting or stopped — try again shortly`,
    );
  }
  if (error instanceof BreakerOpenError) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return problemAnswer(
      where,
      503,
      'circuit-open',
      `the ${service} service is failing and is being given time to recover; try again in ${seconds} s`,
      { 'retry-after': String(seconds) },
    );
  }
  if (error instanceof UpstreamTimeoutError) {
    const waited = error.timeoutMs > 0 ? error.timeoutMs : timeoutMs;
    return problemAnswer(
      where,
      504,
      'upstream-timeout',
      `the ${service} service did not answer within ${waited} ms; try again shortly`,
    );
  }
  return problemAnswer(
    where,
    502,
    'upstream-unreachable',
    `the ${service} service could not be reached; try again shortly`,
  );
}

/** Client headers minus the per-hop ones, plus where the request came from. */
function forwardedHeaders(request: FastifyRequest): Record<string, string> {
  const tokens = connectionTokens(request.headers.connection);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || isHopByHop(name, tokens) || name === 'host' || name === 'content-length') continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const forwardedFor = request.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${request.ip}` : request.ip;
  if (request.headers.host) headers['x-forwarded-host'] = request.headers.host;
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
  for (const [name, value] of Object.entries(headers)) {
    if (isHopByHop(name, tokens) || name === 'x-request-id') continue;
    // A HEAD answer has no body, so its length is the upstream's word; otherwise Fastify measures the bytes.
    if (name === 'content-length' && method !== 'HEAD') continue;
    returned[name] = value;
  }
  return returned;
}
