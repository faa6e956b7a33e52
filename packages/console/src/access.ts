import { randomBytes, timingSafeEqual } from 'node:crypto';
import { problem, sendProblem } from '@mosaic/kit/service';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleSource } from './sources/source.ts';

/** Longer than any operator token: a bigger header is not worth verifying. */
const MAX_TOKEN_LENGTH = 2048;

/**
 * Who may use the console. Bound to loopback (the default) it asks nothing: whoever can reach it runs on
 * this machine, and could read the systems' keys beside their data anyway. Bound to any other address, every
 * `/api` route needs `Authorization: Bearer <operator token>` of one of the running systems (`mosaic
 * operator-token <system>`), checked with that system's key; the page itself (HTML, scripts) holds no data
 * and is served to anyone, and asks for the token.
 *
 * Open on loopback still checks the Host header: a web page the operator visits could otherwise point a name of
 * its own at 127.0.0.1 (DNS rebinding) and read the API as a same-origin page. Cross-site writes are already
 * refused: every POST takes only application/json, which a browser will not send across origins unasked.
 *
 * The processes' trace exports (POST /v1/traces) cannot carry an operator token: the kit's exporter is given
 * a URL and nothing else. So each console run makes a random ingest token and puts it in that URL's query
 * (`MOSAIC_CONSOLE_TRACES_URL=…/v1/traces?token=…`), which `mosaic up` hands only to its own processes
 * (their environment). It opens nothing but the trace receiver, and dies with the run.
 */
export interface ConsoleAccess {
  /** True on loopback: no token is asked anywhere. */
  readonly open: boolean;
  readonly ingestToken: string;
  /** `onRequest` hook for the API. */
  operatorsOnly(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
  /** `onRequest` hook for the trace receiver: the ingest token (query or bearer), or an operator's. */
  ingestOnly(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function consoleAccess(source: ConsoleSource, host: string): ConsoleAccess {
  const open = isLoopback(host);
  const ingestToken = randomBytes(24).toString('base64url');
  const ingest = Buffer.from(ingestToken);

  const isOperator = async (token: string) => {
    if (token.length > MAX_TOKEN_LENGTH) return false;
    for (const system of source.systems()) {
      if (await (await source.operators(system.name)).verify(token)) return true;
    }
    return false;
  };
  const isIngest = (token: string) => {
    const given = Buffer.from(token);
    return given.length === ingest.length && timingSafeEqual(given, ingest);
  };

  return {
    open,
    ingestToken,
    async operatorsOnly(request, reply) {
      if (open) {
        if (isLoopback(hostnameOf(request.headers.host))) return undefined;
        return sendProblem(
          reply,
          problem(
            403,
            'origin-not-allowed',
            'the console on loopback answers only requests addressed to 127.0.0.1 or localhost',
          ),
        );
      }
      const token = bearerOf(request);
      if (token === undefined) return refuse(reply, 'operator-token-required', 'the console needs an operator token');
      if (!(await isOperator(token))) {
        return refuse(
          reply,
          'operator-token-invalid',
          'the token is not an operator token of a running system, or it has expired',
        );
      }
      return undefined;
    },
    async ingestOnly(request, reply) {
      if (open) return undefined;
      const query = (request.query ?? {}) as { token?: unknown };
      if (typeof query.token === 'string' && isIngest(query.token)) return undefined;
      const token = bearerOf(request);
      if (token !== undefined && (isIngest(token) || (await isOperator(token)))) return undefined;
      return refuse(
        reply,
        'operator-token-required',
        "trace exports need the console's ingest token: send them to the URL in MOSAIC_CONSOLE_TRACES_URL",
      );
    },
  };
}

/** `127.0.0.1:8000` → `127.0.0.1`, `[::1]:8000` → `::1`; '' when absent. */
function hostnameOf(host: string | undefined): string {
  if (!host) return '';
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token, ...rest] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && token && rest.length === 0 ? token : undefined;
}

function refuse(reply: FastifyReply, reason: 'operator-token-required' | 'operator-token-invalid', detail: string) {
  const error = reason === 'operator-token-invalid' ? ', error="invalid_token"' : '';
  reply.header('www-authenticate', `Bearer realm="mosaic console"${error}`);
  return sendProblem(
    reply,
    problem(
      401,
      reason,
      `${detail}; get one with \`npm run mosaic -- operator-token <system>\` and send it as Authorization: Bearer <token>`,
    ),
  );
}
