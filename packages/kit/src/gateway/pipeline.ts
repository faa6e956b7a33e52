import type { FastifyRequest } from 'fastify';
import type { GatewayRoute } from './routes.ts';

/** One request on its way through the gateway. Stages read it and fill in what later stages need. */
export interface Exchange {
  readonly request: FastifyRequest;
  readonly requestId: string;
  /** Headers every answer to this request carries, whoever produced it (e.g. CORS). */
  readonly responseHeaders: Record<string, string>;
  /** Set by the route stage. */
  route?: GatewayRoute;
  params?: Readonly<Record<string, string>>;
}

/** What goes back to the client. */
export interface GatewayAnswer {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: Buffer | string;
}

/**
 * A step of the pipeline: answer (and end the pipeline) or return undefined to pass the request on.
 * Authentication, roles, validation, limits and the cache are stages that slot in between the existing ones.
 */
export type GatewayStage = (exchange: Exchange) => GatewayAnswer | undefined | Promise<GatewayAnswer | undefined>;

export async function runStages(stages: readonly GatewayStage[], exchange: Exchange): Promise<GatewayAnswer> {
  for (const stage of stages) {
    const answer = await stage(exchange);
    if (answer) return answer;
  }
  throw new Error('no gateway stage answered the request: the last stage must always answer');
}
