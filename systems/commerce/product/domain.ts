import { accept, type Decision, reject } from '@mosaic/kit/domain';
import type { ProductStatus } from '../contracts/events.ts';

/**
 * Who put a product in its status: its seller (or a supervisor), or its stock. Only a SOLD_OUT the stock
 * caused is lifted by a restock; one the seller chose stays (spec §9, gap C-G6).
 */
export type StatusCause = 'seller' | 'stock';

export interface Product {
  productId: number;
  itemId: number;
  sellerId: number;
  name: string;
  price: number;
  stock: number;
  status: ProductStatus;
  statusCause: StatusCause;
  version: number;
}

/** What a seller may set: everything but back to REGISTERED. */
export const SELLER_STATUSES = ['SELL', 'SOLD_OUT', 'UNREGISTERED'] as const;
export type SellerStatus = (typeof SELLER_STATUSES)[number];

/**
 * The seller sets the status. UNREGISTERED is the end (the seed has no way back); SELL at stock 0 reads
 * SOLD_OUT caused by the stock, so the product goes on sale by itself when it is restocked.
 */
export function setStatus(product: Product, wanted: SellerStatus): Decision<Product, never> {
  if (product.status === 'UNREGISTERED') {
    return reject('product-unregistered', `product ${product.productId} is unregistered; register a new one`);
  }
  if (wanted === 'SELL' && product.stock === 0) return accept({ ...product, status: 'SOLD_OUT', statusCause: 'stock' });
  return accept({ ...product, status: wanted, statusCause: 'seller' });
}

/**
 * The status after the stock moved from `before` (the row is held by the transaction that moved it): SELL
 * becomes SOLD_OUT at 0; a SOLD_OUT the stock caused becomes SELL again once there is stock.
 */
export function afterStockMove(product: Product, before: number): Product {
  if (product.status === 'SELL' && product.stock === 0) return { ...product, status: 'SOLD_OUT', statusCause: 'stock' };
  if (product.status === 'SOLD_OUT' && product.statusCause === 'stock' && before === 0 && product.stock > 0) {
    return { ...product, status: 'SELL', statusCause: 'stock' };
  }
  return product;
}

/** Users browse what is on sale or sold out; REGISTERED (not yet offered) and UNREGISTERED stay hidden. */
export const VISIBLE_STATUSES = ['SELL', 'SOLD_OUT'] as const satisfies readonly ProductStatus[];
export const isVisible = (product: Pick<Product, 'status'>) =>
  (VISIBLE_STATUSES as readonly ProductStatus[]).includes(product.status);
