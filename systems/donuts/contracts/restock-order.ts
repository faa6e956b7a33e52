import { type Static, Type } from '@mosaic/kit/http';
import { Value } from '@sinclair/typebox/value';
import { UUID } from './events.ts';

/**
 * The message on the `restock` queue (the seed's `stock_queue`): what sales asks and what the restock worker
 * needs to call the factory. `callbackPath` carries the restock's one-time token (sales keeps only its hash);
 * the worker prefixes it with the address the factory can reach (its `callback.baseUrl` setting).
 */
export const RestockOrder = Type.Object({
  restockId: Type.String({ pattern: UUID }),
  sku: Type.String({ minLength: 1, maxLength: 200 }),
  quantity: Type.Integer({ minimum: 1 }),
  stock: Type.Integer({ minimum: 0 }),
  callbackPath: Type.String({ pattern: '^/restocks/[0-9a-f-]{36}/arrival\\?token=[A-Za-z0-9_-]{20,}$' }),
});
export type RestockOrder = Static<typeof RestockOrder>;

/** The path of the factory's callback on sales, with the restock's token. */
export const arrivalPath = (restockId: string, token: string) => `/restocks/${restockId}/arrival?token=${token}`;

/**
 * The body the seed's stock lambda posts to the factory (spec §5, KBDS and template merged): the factory keeps
 * it and posts it back to `CallbackUrl` when the job ends. `MessageGroupId` is the restock id, so the factory's
 * page shows which restock each job is for (the seed used the constant "stock-arrival-group").
 */
export function factoryRequest(order: RestockOrder, callbackUrl: string) {
  return {
    MessageGroupId: order.restockId,
    MessageAttributeProductId: order.sku,
    MessageAttributeProductCnt: String(order.quantity),
    OrderStockCnt: order.quantity,
    MessageAttributeRequester: 'donuts/restock',
    CallbackUrl: callbackUrl,
  };
}

/** Why a queue message is not a restock order (what broke its schema), or undefined when it is one. */
export function restockOrderProblem(body: unknown): string | undefined {
  if (Value.Check(RestockOrder, body)) return undefined;
  const first = Value.Errors(RestockOrder, body).First();
  return `the restock message ${first ? `${first.path || 'body'} ${first.message}` : 'is malformed'}`;
}
