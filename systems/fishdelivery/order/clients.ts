import { BreakerOpenError, type ServiceClient, UpstreamTimeoutError } from '@mosaic/kit/calls';
import type { Order } from './domain.ts';

export type PaymentOutcome = { paid: true; paymentId: number } | { paid: false; why: string; retryAfterSec: number };

/** The seed's Hystrix timeout: payment must answer within 600 ms or the order is turned away. */
export const PAYMENT_TIMEOUT_MS = 600;
export const PAYMENT_BREAKER = { failures: 5, halfOpenAfterMs: 5_000 };

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
    return { paid: false, why: `payment answered ${response.status}`, retryAfterSec: 5 };
  } catch (error) {
    if (error instanceof BreakerOpenError) {
      return {
        paid: false,
        why: 'payment is overloaded and is being given time to recover',
        retryAfterSec: Math.max(1, Math.ceil(error.retryAfterMs / 1000)),
      };
    }
    if (error instanceof UpstreamTimeoutError) {
      return { paid: false, why: `payment did not answer within ${PAYMENT_TIMEOUT_MS} ms`, retryAfterSec: 5 };
    }
    return { paid: false, why: error instanceof Error ? error.message : String(error), retryAfterSec: 5 };
  }
}
