import { badRequest, endpointsOf, notFound, openEventStream } from '@mosaic/kit/service';
import { ok } from '../contracts/envelope.ts';
import { AUTH_SELLER, AUTH_USER, requireRole } from '../contracts/identity.ts';
import { paginationOf } from '../contracts/paging.ts';
import { knownProducts } from './catalog.ts';
import { moveOrderLine, type OrderContext, placeOrder, visibleOrder } from './commands.ts';
import { noticeFeedOf } from './notice-feed.ts';
import { noticeView } from './notices.ts';
import { orders } from './orders.ts';
import {
  IDEMPOTENCY_KEY,
  LineParams,
  NewOrder,
  OrderListQuery,
  OrderParams,
  ProductParams,
  SellerLineChange,
  SellerLineQuery,
  UserLineChange,
  UserLineParams,
} from './schemas.ts';
import { lineView, orderView, placedWords } from './views.ts';

const endpoint = endpointsOf<OrderContext>();
const PREFIX = '/order-service';

export const placeOrderEndpoint = endpoint({
  method: 'POST',
  path: `${PREFIX}/auth-user/orders`,
  body: NewOrder,
  summary: 'Order products (201: taken, its stock being reserved; GET it for the outcome). Idempotency-Key honoured',
  gateway: AUTH_USER,
  handle: async (ctx, { body, caller, headers }) => {
    // Orders are a user's: a supervisor has no basket (it may read and act on every order instead).
    const user = requireRole(caller, ['USER']);
    const key = headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
      throw badRequest('Idempotency-Key must be 1 to 100 printable characters without spaces');
    }
    const lines = body.order_products.map((l) => ({ productId: l.product_id, quantity: l.quantity }));
    const { order, replayed } = await placeOrder(ctx)(user, { addressId: body.address_id, lines }, key);
    return ok(201, orderView(order), { description: placedWords(order, replayed) });
  },
});

/** The seed's follow-up: tell the user when an order of theirs is reserved or rejected, as it happens. */
export const orderEvents = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-user/orders/events`,
  summary:
    'Server-sent events: `event: order` each time one of your orders is RESERVED or REJECT (a supervisor: anyone’s); reconnect with Last-Event-ID to miss nothing',
  gateway: { ...AUTH_USER, stream: true },
  handle: async (ctx, { caller, http }) => {
    const who = requireRole(caller, ['USER', 'SUPERVISOR']);
    const stream = openEventStream(http);
    const last = stream.lastEventId === undefined ? undefined : Number(stream.lastEventId);
    if (last !== undefined && !(Number.isSafeInteger(last) && last >= 0)) {
      stream.close();
      throw badRequest('Last-Event-ID must be the id of an event this stream sent (a whole number)');
    }
    const whose = who.role === 'USER' ? who.id : undefined;
    const stop = await noticeFeedOf(ctx).listen(whose, last, (notice) =>
      stream.send({ id: String(notice.notice_id), event: 'order', data: noticeView(notice) }),
    );
    stream.onClose(stop);
    return stream.answer;
  },
});

export const listOrders = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-user/orders`,
  query: OrderListQuery,
  summary: "The user's orders, newest first, with their lines (a supervisor sees everyone's)",
  gateway: AUTH_USER,
  handle: async (ctx, { query, caller }) => {
    const who = requireRole(caller, ['USER', 'SUPERVISOR']);
    const found = await orders(ctx.store.db).list({ ...query, ...(who.role === 'USER' ? { userId: who.id } : {}) });
    return ok(200, found.rows.map(orderView), { pagination: paginationOf(query, found) });
  },
});

export const getOrder = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-user/orders/:order_id`,
  params: OrderParams,
  summary: 'One order of the user: ORDER (being reserved), RESERVED or REJECT with the reason, and its lines',
  gateway: AUTH_USER,
  handle: async (ctx, { params, caller }) => {
    const who = requireRole(caller, ['USER', 'SUPERVISOR']);
    return ok(200, orderView(await visibleOrder(ctx, who, params.order_id)));
  },
});

export const cancelLine = endpoint({
  method: 'PUT',
  path: `${PREFIX}/auth-user/orders/:order_id/order-products/:order_product_id`,
  params: UserLineParams,
  body: UserLineChange,
  summary: 'The user asks to cancel one line ({"status":"CANCELING"}) until it ships; the seller then confirms',
  gateway: AUTH_USER,
  handle: async (ctx, { params, body, caller }) => {
    const who = requireRole(caller, ['USER', 'SUPERVISOR']);
    const line = await moveOrderLine(ctx)(who, params.order_product_id, body.status, params.order_id);
    return ok(200, lineView(line));
  },
});

export const listSellerLines = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-seller/order-products`,
  query: SellerLineQuery,
  summary: "Order lines of the seller's products, newest first, optionally in one status",
  gateway: AUTH_SELLER,
  handle: async (ctx, { query, caller }) => {
    const who = requireRole(caller, ['SELLER', 'SUPERVISOR']);
    const found = await orders(ctx.store.db).listLines({
      ...query,
      ...(who.role === 'SELLER' ? { sellerId: who.id } : {}),
    });
    return ok(200, found.rows.map(lineView), { pagination: paginationOf(query, found) });
  },
});

export const getSellerLine = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-seller/order-products/:order_product_id`,
  params: LineParams,
  summary: "One order line of the seller's product",
  gateway: AUTH_SELLER,
  handle: async (ctx, { params, caller }) => {
    const who = requireRole(caller, ['SELLER', 'SUPERVISOR']);
    const line = await orders(ctx.store.db).findLine(params.order_product_id);
    // Another seller's line is as good as absent: its existence is not this seller's business.
    if (!line || (who.role === 'SELLER' && line.sellerId !== who.id)) {
      throw notFound('order line', params.order_product_id);
    }
    return ok(200, lineView(line));
  },
});

export const moveSellerLine = endpoint({
  method: 'PUT',
  path: `${PREFIX}/auth-seller/order-products/:order_product_id`,
  params: LineParams,
  body: SellerLineChange,
  summary: 'The seller ACCEPTs or REJECTs a line, ships it (DELIVERY, DELIVERED) or confirms a cancel (CANCEL)',
  gateway: AUTH_SELLER,
  handle: async (ctx, { params, body, caller }) => {
    const who = requireRole(caller, ['SELLER', 'SUPERVISOR']);
    return ok(200, lineView(await moveOrderLine(ctx)(who, params.order_product_id, body.status)));
  },
});

/** What order knows of a product (its copy, fed by ProductChanged): why an order was refused, for operators and tests. */
export const knownProduct = endpoint({
  method: 'GET',
  path: `${PREFIX}/internal/products/:product_id`,
  params: ProductParams,
  summary: "Order's copy of a product: its status and version as order last heard them",
  gateway: 'internal',
  handle: async (ctx, { params }) => {
    const known = (await knownProducts(ctx.store.db).find([params.product_id])).get(params.product_id);
    if (!known) throw notFound('product', params.product_id);
    return ok(200, known);
  },
});

/** One line with its order's owner, for review: only the buyer of a DELIVERED line may review it. */
export const lineForReview = endpoint({
  method: 'GET',
  path: `${PREFIX}/internal/order-products/:order_product_id`,
  params: LineParams,
  summary: "One order line with its order's user (review checks who bought it and that it was delivered)",
  gateway: 'internal',
  handle: async (ctx, { params }) => {
    const repo = orders(ctx.store.db);
    const line = await repo.findLine(params.order_product_id);
    const order = line && (await repo.find(line.orderId));
    if (!line || !order) throw notFound('order line', params.order_product_id);
    return ok(200, { ...lineView(line), user_id: order.userId });
  },
});

export const orderEndpoints = [
  knownProduct,
  lineForReview,
  placeOrderEndpoint,
  orderEvents,
  listOrders,
  getOrder,
  cancelLine,
  listSellerLines,
  getSellerLine,
  moveSellerLine,
];
