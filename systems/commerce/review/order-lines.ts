import { retryAfterSecOf, type ServiceClient, type UpstreamResponse } from '@mosaic/kit/calls';
import { notFound, unavailable } from '@mosaic/kit/service';
import type { Envelope } from '../contracts/envelope.ts';

/** What review needs to know of a line: whose it is, what it is, and how far it got. */
export interface PurchasedLine {
  order_product_id: number;
  order_id: number;
  product_id: number;
  user_id: number;
  status: string;
}

/** The seed's Feign call had neither timeout nor breaker ("Resilience4J circuitbreaker 추가" was a TODO). */
export const ORDER_TIMEOUT_MS = 2_000;
export const ORDER_BREAKER = { failures: 5, halfOpenAfterMs: 5_000 };
const RETRY_AFTER_SEC = 5;

/**
 * The line as order knows it, asked synchronously: a review is written only for a line order confirms. When
 * order cannot answer (down, slow, its breaker open), the review is refused with 503 and Retry-After — never
 * written unchecked.
 */
export async function purchasedLine(order: ServiceClient, orderProductId: number): Promise<PurchasedLine> {
  let response: UpstreamResponse;
  try {
    response = await order.getJson(`/order-service/internal/order-products/${orderProductId}`);
  } catch (error) {
    const retryAfterSec = retryAfterSecOf(error, RETRY_AFTER_SEC);
    throw refusedFor(retryAfterSec);
  }
  if (response.status === 404) throw notFound('order line', orderProductId);
  if (response.status !== 200) throw refusedFor(RETRY_AFTER_SEC);
  const line = response.json<Envelope<PurchasedLine>>().data;
  if (!line) throw refusedFor(RETRY_AFTER_SEC);
  return line;
}

const refusedFor = (retryAfterSec: number) =>
  unavailable(
    `orders cannot be checked right now, so the review was not written; send it again in ${retryAfterSec} s`,
    retryAfterSec,
  );
