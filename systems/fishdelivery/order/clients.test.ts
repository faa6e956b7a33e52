import {
  BreakerOpenError,
  jsonResponse,
  NoInstanceError,
  type ServiceClient,
  type UpstreamResponse,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from '@mosaic/kit/calls';
import { describe, expect, it } from 'vitest';
import { type PaymentOutcome, payFor, paymentFailedMessage } from './clients.ts';
import type { Order } from './domain.ts';

const target = { system: 'fishdelivery', service: 'payment' };
const instance = { id: 'payment-7cd45fa7', url: 'http://127.0.0.1:33231' };
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:33231'), { code: 'ECONNREFUSED' });

const order: Order = {
  orderId: 9,
  customerName: 'HanYongsun',
  fishName: 'flatfish',
  qty: 1,
  telephone: '01012341234',
  address: 'kyungkido sungnamsi',
  status: 'PENDING',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** A payment client whose every call ends as `answer` says: an answer, or a thrown call error. */
function paymentThat(answer: () => UpstreamResponse): ServiceClient {
  const request = async () => answer();
  const openStream = () => Promise.reject(new Error('payment streams nothing'));
  return {
    ...target,
    request,
    getJson: request,
    postJson: request,
    openStream,
    breakerStates: () => ({}),
    breakerReports: () => ({}),
    close: () => {},
  };
}

async function notPaid(answer: () => UpstreamResponse) {
  const outcome: PaymentOutcome = await payFor(paymentThat(answer), order);
  if (outcome.paid) throw new Error('expected the payment not to be made');
  return { outcome, message: paymentFailedMessage(order.orderId, outcome) };
}

describe('a payment that was not made', () => {
  it.each<[string, () => never, string, string]>([
    [
      'an instance refusing connections',
      () => {
        throw new UpstreamUnreachableError(target, instance, refused);
      },
      'payment is unavailable right now',
      'http://127.0.0.1:33231 (instance payment-7cd45fa7): connect ECONNREFUSED',
    ],
    [
      'no instance at all',
      () => {
        throw new NoInstanceError(target);
      },
      'payment is unavailable right now',
      'no ready instance of the payment service',
    ],
    [
      'a timeout',
      () => {
        throw new UpstreamTimeoutError(target, 600, instance.id);
      },
      'payment did not answer within 600 ms',
      'within 600 ms (instance payment-7cd45fa7)',
    ],
  ])('after %s, keeps the cause for the log and tells the customer without it', async (_, fail, told, logged) => {
    const { outcome, message } = await notPaid(fail);
    expect(outcome.detail).toContain(logged);
    expect(message).toBe(
      `order 9 could not be paid because ${told}; it is recorded as PAYMENT_FAILED and nothing is charged ` +
        'for it; place it again in 5 seconds',
    );
    expect(message).not.toMatch(/127\.0\.0\.1|instance|ECONNREFUSED|fishdelivery/);
  });

  it('after an open breaker, asks the customer to wait as long as the breaker will', async () => {
    const { outcome, message } = await notPaid(() => {
      throw new BreakerOpenError(target, 2_500);
    });
    expect(outcome).toMatchObject({ failure: 'overloaded', retryAfterSec: 3 });
    expect(message).toMatch(/because payment is overloaded .*; place it again in 3 seconds$/);
  });

  it('after payment answered an error, keeps that answer for the log only', async () => {
    const { outcome, message } = await notPaid(() => jsonResponse(500, { detail: 'disk full on db-3' }));
    expect(outcome.detail).toBe('payment answered 500: {"detail":"disk full on db-3"}');
    expect(message).toMatch(/^order 9 could not be paid because payment could not process it; /);
    expect(message).not.toContain('disk full');
  });
});
