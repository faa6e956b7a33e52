import { describe, expect, it } from 'vitest';
import { gatewayErrorBody } from './envelope.ts';
import { gatewayCode } from './gateway-codes.ts';

describe("the school's numbering of gateway refusals", () => {
  it('gives each token refusal the seed code a client of the seed acts on', () => {
    expect(gatewayCode('token-missing')).toBe(-101);
    expect(gatewayCode('authorization-malformed')).toBe(-102);
    expect(gatewayCode('token-malformed')).toBe(-102);
    expect(gatewayCode('token-invalid-signature')).toBe(-103);
    expect(gatewayCode('token-unknown-key')).toBe(-103);
    expect(gatewayCode('token-algorithm-not-allowed')).toBe(-103);
    expect(gatewayCode('token-expired')).toBe(-104);
    expect(gatewayCode('token-revoked')).toBe(-104);
    expect(gatewayCode('token-invalid-claims')).toBe(-105);
    expect(gatewayCode('token-not-yet-valid')).toBe(-105);
    expect(gatewayCode('token-scheme')).toBe(-106);
  });

  it('numbers bad requests and unreachable services as the seed, and anything it had no number for 0', () => {
    expect(gatewayCode('unsupported-media-type')).toBe(-201);
    expect(gatewayCode('malformed-json')).toBe(-202);
    expect(gatewayCode('invalid-request')).toBe(-203);
    expect(gatewayCode('no-instance')).toBe(-301);
    expect(gatewayCode('circuit-open')).toBe(-302);
    expect(gatewayCode('role-not-allowed')).toBe(0);
    expect(gatewayCode('route-not-found')).toBe(0);
  });

  it('renders the envelope from the reason alone, with the request id and the bad fields', () => {
    const errors = [{ field: 'body.place', message: 'is required' }];
    expect(
      gatewayErrorBody({
        status: 400,
        reason: 'invalid-request',
        detail: 'body.place is required',
        requestId: 'r1',
        errors,
      }),
    ).toEqual({ status: 400, code: -203, message: 'body.place is required', request_id: 'r1', errors });
    expect(gatewayErrorBody({ status: 401, reason: 'token-revoked', detail: 'signed out', requestId: 'r2' })).toEqual({
      status: 401,
      code: -104,
      message: 'signed out',
      request_id: 'r2',
    });
  });
});
