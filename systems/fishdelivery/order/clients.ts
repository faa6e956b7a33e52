import { BreakerOpenError, type ServiceClient, UpstreamTimeoutError, wholeSeconds } from '@mosaic/kit/calls';
import type { Order } from './domain.ts';

/** Why a payment did not happen, in words a customer can be told (never an address or an instance). */
export type PaymentFailure = 'overloaded' | 'timed-out' | 'unavailable' | 'not-processed';

export interface PaymentNotMade {
  paid: false;
  failure: PaymentFailure;
  retryAfterSec: number;
  /** What went wrong technically, for the log only: it may name addresses and instances. */
  detail: string;
}

export type PaymentOutcome = { paid: true; paymentId: number } | PaymentNotMade;

/** The seed's Hystrix timeout: payment must answer within 600 ms or the order is turned away. */
export const PAYMENT_TIMEOUT_MS = 600;
export const PAYMENT_BREAKER = { failures: 5, halfOpenAfterMs: 5_000 };
const RETRY_AFTER_SEC = 5;

/**
 * Asks payment to charge an order. The orderId is the idempotency key: payment answers a repeat with the
 * payment it already made. Every failure becomes an outcome, never an exception: the order decides.
 */
export async function payFor(payment: ServiceClient, order: Order): Promise<PaymentOutcome> {
  const { orderId, customerName, fishName, qty, telephone, address } = order;
  try {
    const response = await payment.request({
      method: 'POST',
      path: '/payments',
      headers: { 'idempotency-key': String(orderId) },
      body: { orderId, customerName, fishName, qty, telephone, address },
      idempotent: true,
    });
    if (response.status === 200 || response.status === 201) {
      return { paid: true, paymentId: response.json<{ paymentId: number }>().paymentId };
    }
    const detail = `payment answered ${response.status}: ${response.body.subarray(0, 300).toString('utf8')}`;
    return { paid: false, failure: 'not-processed', retryAfterSec: RETRY_AFTER_SEC, detail };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (error instanceof BreakerOpenError) {
      const retryAfterSec = wholeSeconds(error.retryAfterMs);
      return { paid: false, failure: 'overloaded', retryAfterSec, detail };
    }
    if (error instanceof UpstreamTimeoutError) {
      return { paid: false, failure: 'timed-out', retryAfterSec: RETRY_AFTER_SEC, detail };
    }
    // No instance, connection refused or reset, or anything else: to the customer, payment is not there.
    return { paid: false, failure: 'unavailable', retryAfterSec: RETRY_AFTER_SEC, detail };
  }
}

const FAILURE_WORDS: Record<PaymentFailure, string> = {
  overloaded: 'payment is overloaded and is being given time to recover',
  'timed-out': `payment did not answer within ${PAYMENT_TIMEOUT_MS} ms`,
  unavailable: 'payment is unavailable right now',
  'not-processed': 'payment could not process it',
};

/** What the customer is told: what happened, how the order stands (as GET /orders/{id} shows it), what to do. */
export function paymentFailedMessage(orderId: number, outcome: PaymentNotMade): string {
  const seconds = outcome.retryAfterSec === 1 ? '1 second' : `${outcome.retryAfterSec} seconds`;
  return (
    `order ${orderId} could not be paid because ${FAILURE_WORDS[outcome.failure]}; it is recorded as ` +
    `PAYMENT_FAILED and nothing is charged for it; place it again in ${seconds}`
  );
}
