import { accept, type Decision, type DomainEvent, reject } from '@mosaic/kit/domain';
import { commerceEvent, type StockShortage } from '../contracts/events.ts';

/**
 * An order is ORDER while its stock is being reserved, RESERVED once product took every line, REJECT when a
 * line was short (nothing was taken). Its lines (the seed's order products) then move on their own.
 */
export const ORDER_STATUSES = ['ORDER', 'RESERVED', 'REJECT'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const LINE_STATUSES = ['ORDER', 'ACCEPT', 'REJECT', 'DELIVERY', 'DELIVERED', 'CANCELING', 'CANCEL'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

/** Why a line is REJECT: its order was short of stock (nothing taken), or its seller refused it (stock given back). */
export type RejectReason = StockShortage['reason'] | 'seller';

/** Where an order goes: a copy of the user's address as it was when they ordered (a later edit changes no order). */
export interface DeliveryAddress {
  address_id: number;
  receiver: string;
  address1: string;
  address2: string;
  zipcode: string;
  phone: string;
  receive_type: string;
  receive_message: string;
}

export interface OrderLine {
  orderProductId: number;
  orderId: number;
  productId: number;
  sellerId: number;
  productName: string;
  price: number;
  quantity: number;
  status: LineStatus;
  rejectReason: RejectReason | undefined;
  /** Product confirmed the line's quantity is back in stock (StockReturned). */
  stockReturned: boolean;
  /** The buyer's review of it, once written. */
  reviewId: number | undefined;
}

export interface Order {
  orderId: number;
  userId: number;
  status: OrderStatus;
  rejectReason: RejectReason | undefined;
  rejectedProductId: number | undefined;
  lines: OrderLine[];
  /** Where it goes; none on orders placed before orders carried an address. */
  address: DeliveryAddress | undefined;
  createdAt: string;
}

export function orderPlaced(order: Order): DomainEvent {
  const lines = order.lines.map(({ orderProductId, productId, quantity }) => ({ orderProductId, productId, quantity }));
  return commerceEvent('OrderPlaced', { orderId: order.orderId, userId: order.userId, lines });
}

/** StockReserved: the order stands; its lines stay ORDER for their sellers. */
export function stockReserved(order: Order): Decision<Order, never> {
  if (order.status !== 'ORDER') return reject('order-settled', `order ${order.orderId} is already ${order.status}`);
  return accept({ ...order, status: 'RESERVED' });
}

/** StockShortage: the whole order and every line REJECT, naming the product; nothing was taken, nothing returns. */
export function stockShort(order: Order, shortage: StockShortage): Decision<Order, never> {
  if (order.status !== 'ORDER') return reject('order-settled', `order ${order.orderId} is already ${order.status}`);
  const lines = order.lines.map((line) => ({ ...line, status: 'REJECT' as const, rejectReason: shortage.reason }));
  return accept({
    ...order,
    status: 'REJECT',
    rejectReason: shortage.reason,
    rejectedProductId: shortage.productId,
    lines,
  });
}

/** What a seller does to a line, and from which status (spec §9). */
const SELLER_MOVES = {
  ACCEPT: ['ORDER'],
  REJECT: ['ORDER'],
  DELIVERY: ['ACCEPT'],
  DELIVERED: ['DELIVERY'],
  CANCEL: ['CANCELING'],
} as const satisfies Record<string, readonly LineStatus[]>;
export type SellerMove = keyof typeof SELLER_MOVES;
export const SELLER_MOVE_NAMES = Object.keys(SELLER_MOVES) as SellerMove[];

/** The one thing a user does to a line: ask to cancel it, before it ships. */
const USER_MOVES = { CANCELING: ['ORDER', 'ACCEPT'] } as const satisfies Record<string, readonly LineStatus[]>;
export type UserMove = keyof typeof USER_MOVES;

export type LineMove = SellerMove | UserMove;
const MOVES: Record<LineMove, readonly LineStatus[]> = { ...SELLER_MOVES, ...USER_MOVES };

/**
 * Moves one line of a RESERVED order. A seller's REJECT and a CANCEL give the line's quantity back
 * (OrderLineReleased; product returns it once); CANCELING changes no stock (the seller has not agreed yet).
 */
export function moveLine(order: Order, line: OrderLine, move: LineMove): Decision<OrderLine, DomainEvent> {
  if (order.status === 'ORDER') {
    return reject('stock-being-reserved', `order ${order.orderId} is still being reserved; try again in a moment`);
  }
  if (order.status === 'REJECT') {
    return reject(
      'order-rejected',
      `order ${order.orderId} was rejected (${order.rejectReason}); its lines are closed`,
    );
  }
  const from = MOVES[move];
  if (!from.includes(line.status)) {
    if (move === 'CANCELING' && (line.status === 'DELIVERY' || line.status === 'DELIVERED')) {
      return reject(
        'line-shipped',
        `order line ${line.orderProductId} is ${line.status}; it can no longer be canceled`,
      );
    }
    return reject(
      'line-transition-not-allowed',
      `order line ${line.orderProductId} is ${line.status}; ${move} is possible only from ${from.join(' or ')}`,
    );
  }
  const moved: OrderLine = { ...line, status: move, rejectReason: move === 'REJECT' ? 'seller' : line.rejectReason };
  if (move !== 'REJECT' && move !== 'CANCEL') return accept(moved);
  const { orderId, orderProductId, productId, quantity } = line;
  const cause = move === 'REJECT' ? 'seller-reject' : 'user-cancel';
  return accept(moved, commerceEvent('OrderLineReleased', { orderId, orderProductId, productId, quantity, cause }));
}

export const isSellerMove = (move: LineMove): move is SellerMove => move in SELLER_MOVES;
