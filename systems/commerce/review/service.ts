import { defineService } from '@mosaic/kit/service';
import { errorBody } from '../contracts/envelope.ts';
import { reviewEndpoints } from './endpoints.ts';
import { ORDER_BREAKER, ORDER_TIMEOUT_MS } from './order-lines.ts';
import { migrations, type ReviewTables } from './store.ts';

/**
 * review: buyers' reviews of delivered order lines, once per line, read by anyone a page at a time. Writing
 * one asks order synchronously (timeout, breaker; 503 with Retry-After when order cannot answer).
 */
export const reviewService = defineService<ReviewTables, 'order'>({
  name: 'review',
  system: 'commerce',
  migrations,
  endpoints: reviewEndpoints,
  clients: { order: { timeoutMs: ORDER_TIMEOUT_MS, breaker: ORDER_BREAKER, retry: { attempts: 1 } } },
  errorBody,
});
