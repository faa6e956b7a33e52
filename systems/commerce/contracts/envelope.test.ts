import { REASONS, type Reason } from '@mosaic/kit/http';
import { describe, expect, it } from 'vitest';
import { errorBody, ok } from './envelope.ts';
import { GATEWAY_TOKEN_CODES, type TokenCode, tokenCodeOf } from './token-codes.ts';

describe('the commerce envelope', () => {
  it('answers success with HTTP status = result_code (the seed sent 201 inside a 200)', () => {
    const created = ok(201, { order_id: 1 });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      result: { result_code: 201, result_message: '성공', result_description: '성공' },
      data: { order_id: 1 },
      pagination: null,
    });
  });

  it("puts a refusal's reason in words and its extras, snake_cased, in data", () => {
    const body = errorBody({
      status: 409,
      reason: 'conflict',
      detail: 'product 4 (길럭시북) is sold out',
      requestId: 'r-1',
      extra: { rule: 'product-sold-out', productId: 4, retryAfterSec: 3 },
    });
    expect(body).toEqual({
      result: { result_code: 409, result_message: 'Conflict', result_description: 'product 4 (길럭시북) is sold out' },
      data: { rule: 'product-sold-out', product_id: 4 },
      pagination: null,
    });
  });

  it("keeps the seed's words for a bad request, with each field, and data null when there is nothing more", () => {
    const invalid = errorBody({
      status: 400,
      reason: 'invalid-request',
      detail: 'body.quantity must be >= 1',
      requestId: 'r-2',
      errors: [{ field: 'body.quantity', message: 'must be >= 1' }],
    });
    expect(invalid).toMatchObject({
      result: { result_code: 400, result_message: '잘못된 요청' },
      data: { errors: [{ field: 'body.quantity', message: 'must be >= 1' }] },
    });
    expect(errorBody({ status: 404, reason: 'not-found', detail: 'order 9 does not exist', requestId: 'r' })).toEqual({
      result: { result_code: 404, result_message: 'Not found', result_description: 'order 9 does not exist' },
      data: null,
      pagination: null,
    });
  });

  describe("a refused token, in the seed gateway's words (spec §2)", () => {
    const refused = (reason: Reason, detail: string) => errorBody({ status: 401, reason, detail, requestId: 'r-3' });

    it('answers 401 "Unauthorized" with the code and its message first, the kit\'s words after, the code in data', () => {
      expect(refused('token-expired', 'the token has expired; sign in again')).toEqual({
        result: {
          result_code: 401,
          result_message: 'Unauthorized',
          result_description: '코드(4002) - 만료된 토큰: the token has expired; sign in again',
        },
        data: { token_code: 4002 },
        pagination: null,
      });
    });

    it('maps each kit token reason to the seed code that means the same, a reason added later included', () => {
      const expected: [Reason, TokenCode][] = [
        ['token-missing', 4000],
        ['token-scheme', 4001],
        ['token-invalid-signature', 4001],
        ['token-unknown-key', 4001],
        ['token-algorithm-not-allowed', 4001],
        ['token-expired', 4002],
        // The seed answered 만료된 토큰 for a logged-out token (spec §3, step 2).
        ['token-revoked', 4002],
        ['authorization-malformed', 4003],
        ['token-not-yet-valid', 4003],
        ['token-malformed', 4005],
        ['token-invalid-claims', 4005],
      ];
      for (const [reason, code] of expected) {
        expect(refused(reason, 'why'), reason).toMatchObject({
          result: { result_description: `코드(${code}) - ${GATEWAY_TOKEN_CODES[code].message}: why` },
          data: { token_code: code },
        });
      }
      // A token reason the kit adds later fails here until it is given its code above.
      const tokenReasons = (Object.keys(REASONS) as Reason[]).filter(
        (r) => REASONS[r].status === 401 && /^(token|authorization)-/.test(r),
      );
      expect(tokenReasons.sort()).toEqual(expected.map(([reason]) => reason).sort());
    });

    it('gives no token code to any other refusal, a 401 or a 403 of the gateway included', () => {
      for (const reason of ['unauthenticated', 'vouch-forged', 'role-not-allowed', 'token-keys-unavailable'] as const) {
        expect(tokenCodeOf(reason), reason).toBeUndefined();
      }
      expect(
        errorBody({ status: 403, reason: 'role-not-allowed', detail: 'this route is for SUPERVISOR', requestId: 'r' }),
      ).toEqual({
        result: { result_code: 403, result_message: 'Forbidden', result_description: 'this route is for SUPERVISOR' },
        data: null,
        pagination: null,
      });
    });
  });
});
