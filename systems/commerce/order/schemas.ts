import { Type } from '@mosaic/kit/http';
import { Id, listQuery, statusSchema } from '../contracts/paging.ts';
import { LINE_STATUSES, SELLER_MOVE_NAMES } from './domain.ts';

/** How many lines one order may have: enough for a basket, not enough to lock the catalog. */
const MAX_LINES = 20;

export const NewOrder = Type.Object({
  address_id: Id('one of your addresses (GET /user-service/auth-user/address): where the order goes'),
  order_products: Type.Array(
    Type.Object({
      product_id: Id('the product'),
      quantity: Type.Integer({ minimum: 1, maximum: 100, description: 'how many' }),
    }),
    { minItems: 1, maxItems: MAX_LINES, description: 'one line per product' },
  ),
});

export const OrderParams = Type.Object({ order_id: Id('the order') });
export const UserLineParams = Type.Object({ order_id: Id('the order'), order_product_id: Id('the order line') });
export const ProductParams = Type.Object({ product_id: Id('the product') });
export const LineParams = Type.Object({ order_product_id: Id('the order line') });

export const UserLineChange = Type.Object({
  status: statusSchema(['CANCELING'] as const, 'the user asks to cancel the line'),
});
export const SellerLineChange = Type.Object({ status: statusSchema(SELLER_MOVE_NAMES, 'what the seller does') });

export const OrderListQuery = listQuery({});
export const SellerLineQuery = listQuery({ status: statusSchema(LINE_STATUSES, 'only lines in this status') });

/** The Idempotency-Key header: any printable text a client picks, once per order it means. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,100}$/;
