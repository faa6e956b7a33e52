import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperatorTokens } from '../auth/operator-token.ts';
import type { Reason } from '../http/catalog.ts';
import { problem, sendProblem } from './problem.ts';

/** Longer than any token `mosaic operator-token` issues: a bigger header is not worth verifying. */
const MAX_TOKEN_LENGTH = 2048;

/**
 * An `onRequest` hook that lets only an operator through: `Authorization: Bearer <token>` with a token of
 * this system's (`mosaic operator-token`). It runs before the body is read, so a caller without one costs
 * the service nothing. Every refusal is a 401 that says how to get a token.
 */
export function operatorGuard(system: string, operators: OperatorTokens) {
  const howToGetOne = `get one with \`npm run mosaic -- operator-token ${system}\` and send it as Authorization: Bearer <token>`;
  const refuse = (reply: FastifyReply, reason: Reason, detail: string, invalid: boolean) => {
    // RFC 6750: no error code when no credentials were sent, `invalid_token` when the ones sent are no good.
    const error = invalid ? ', error="invalid_token"' : '';
    reply.header('www-authenticate', `Bearer realm="${system} operator"${error}`);
    return sendProblem(reply, problem(401, reason, `${detail}; ${howToGetOne}`));
  };

  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    if (!header) {
      return refuse(reply, 'operator-token-required', `operator routes of ${system} need an operator token`, false);
    }
    const [scheme, token, ...rest] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0) {
      return refuse(
        reply,
        'operator-token-required',
        'the Authorization header must be exactly "Bearer <token>"',
        false,
      );
    }
    if (token.length > MAX_TOKEN_LENGTH || !(await operators.verify(token))) {
      return refuse(
        reply,
        'operator-token-invalid',
        `the operator token is not one of ${system}'s, or it has expired`,
        true,
      );
    }
    return undefined;
  };
}
