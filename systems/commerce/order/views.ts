import type { Order, OrderLine } from './domain.ts';

/** An order line in the wire's snake_case. */
export const lineView = (line: OrderLine) => ({
  order_product_id: line.orderProductId,
  order_id: line.orderId,
  product_id: line.productId,
  seller_id: line.sellerId,
  product_name: line.productName,
  price: line.price,
  quantity: line.quantity,
  status: line.status,
  reject_reason: line.rejectReason ?? null,
  stock_returned: line.stockReturned,
  review_id: line.reviewId ?? null,
});

/** An order with its lines; `reject_reason` and `rejected_product_id` say why a REJECT order was refused. */
export const orderView = (order: Order) => ({
  order_id: order.orderId,
  user_id: order.userId,
  status: order.status,
  reject_reason: order.rejectReason ?? null,
  rejected_product_id: order.rejectedProductId ?? null,
  total_price: order.lines.reduce((sum, l) => sum + l.price * l.quantity, 0),
  order_products: order.lines.map(lineView),
  address: order.address ?? null,
  created_at: order.createdAt,
});

/** What the answer to an order says about it, in words (the outcome is known later: GET it). */
export function placedWords(order: Order, replayed: boolean): string {
  const first = replayed ? 'this Idempotency-Key already ordered: this is that order; ' : '';
  if (order.status === 'ORDER') return `${first}order ${order.orderId} is taken; its stock is being reserved`;
  return `${first}order ${order.orderId} is ${order.status}`;
}
