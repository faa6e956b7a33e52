import type { Reason } from '@mosaic/kit/http';

/**
 * The seed's numeric codes (UT:code/golang/gateway.go and the COMMON list of spec §0), by the reason the kit
 * gives for a refusal, at the gateway or in a service (`refusalOf`). The kit knows reasons only; the numbers
 * are the school's.
 */
const CODES: Readonly<Partial<Record<Reason, number>>> = {
  'token-missing': -101,
  'authorization-malformed': -102,
  // The seed answered a token that is no JWT at all with 0 (its "any other parse error"); its nearest code
  // is -102, "invalid data format of Authorization", and a client reacts to both by signing in again.
  'token-malformed': -102,
  'token-invalid-signature': -103,
  // A key we do not know or an algorithm we do not take: the signature cannot be trusted, as the seed's -103.
  'token-unknown-key': -103,
  'token-algorithm-not-allowed': -103,
  'token-expired': -104,
  // The seed had no logout. A revoked token is one whose life was ended early: the seed's client answers
  // -104 by signing in again, which is exactly what a signed-out token needs.
  'token-revoked': -104,
  'token-invalid-claims': -105,
  'token-not-yet-valid': -105,
  'token-scheme': -106,
  'unsupported-media-type': -201,
  'malformed-json': -202,
  'refused-key': -202,
  'bad-content-length': -202,
  'bad-request': -202,
  'invalid-request': -203,
  // The database refused a value the schema let through: a validation failure all the same.
  'invalid-value': -203,
  'no-instance': -301,
  'circuit-open': -302,
};

/**
 * The code for a refusal of the kit's; 0 (the seed's "anything else") for reasons the seed had no number for.
 * That includes a role the route does not admit: the seed's gateway never checked roles, each service did
 * with its own code, so our gateway checks roles only on routes whose service answered 403 with code 0
 * (auth, club reads, routes of ours); the others leave the check to the service (-2601, -1711, -1000).
 */
export function gatewayCode(reason: Reason): number {
  return CODES[reason] ?? 0;
}
