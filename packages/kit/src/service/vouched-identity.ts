import type { FastifyInstance } from 'fastify';
import { HEADER_ROLE, HEADER_SERVICE, HEADER_SUBJECT, HEADER_VOUCH, type Vouches } from '../auth/vouch.ts';
import { problem, sendProblem } from './problem.ts';

export { HEADER_ROLE, HEADER_SERVICE, HEADER_SUBJECT };

/**
 * A service believes an identity only when its system vouched for it: the identity headers that arrive are
 * dropped, and set again from `x-mosaic-vouch` when its signature, expiry and request id hold. Made-up
 * headers therefore leave an anonymous caller; a vouch that fails (forged, expired, lifted from another
 * request) is a 401, since only a replay or a forgery produces one.
 */
export function useVouchedIdentity(app: FastifyInstance, vouches: Vouches): void {
  app.addHook('onRequest', (request, reply, done) => {
    const { headers } = request;
    delete headers[HEADER_SUBJECT];
    delete headers[HEADER_ROLE];
    delete headers[HEADER_SERVICE];
    const vouch = headers[HEADER_VOUCH];
    if (vouch === undefined) return done();
    delete headers[HEADER_VOUCH];
    const verdict =
      typeof vouch === 'string'
        ? vouches.read(vouch, request.id)
        : { ok: false as const, reason: 'vouch-malformed' as const, detail: 'send one x-mosaic-vouch header' };
    if (!verdict.ok) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      sendProblem(reply, problem(401, verdict.reason, `${verdict.detail}; call this service through its gateway`));
      return;
    }
    const { identity } = verdict;
    if ('sub' in identity) {
      headers[HEADER_SUBJECT] = identity.sub;
      headers[HEADER_ROLE] = identity.role;
    } else {
      headers[HEADER_SERVICE] = identity.service;
    }
    done();
  });
}
