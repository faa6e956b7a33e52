import { describe, expect, it } from 'vitest';
import { errorBody, ok } from './envelope.ts';

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
});
