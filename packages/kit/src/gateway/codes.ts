/**
 * The DMS-SMS gateway's numeric error codes (its `code` field), by our reason. A system that keeps that body
 * (school) gets the seed's codes for free; reasons the seed did not have get 0, its "anything else".
 */
const SEED_CODES: Readonly<Record<string, number>> = {
  'token-missing': -101,
  'authorization-malformed': -102,
  'token-invalid-signature': -103,
  'token-unknown-key': -103,
  'token-algorithm-not-allowed': -103,
  'token-expired': -104,
  'token-invalid-claims': -105,
  'token-not-yet-valid': -105,
  'token-scheme': -106,
  'unsupported-media-type': -201,
  'malformed-json': -202,
  'invalid-request': -203,
  'no-instance': -301,
  'circuit-open': -302,
};

export function seedCode(reason: string): number {
  return SEED_CODES[reason] ?? 0;
}
