import type { Static } from '@mosaic/kit/http';
import { HttpError, type ServiceContext } from '@mosaic/kit/service';
import { insertWithId, isUniqueViolation } from '@mosaic/kit/store';
import { commerceEvent } from '../contracts/events.ts';
import { type Caller, forbidden } from '../contracts/identity.ts';
import { purchasedLine } from './order-lines.ts';
import type { NewReview } from './schemas.ts';
import type { ReviewTables } from './store.ts';
import type { Review } from './views.ts';

export type ReviewContext = ServiceContext<ReviewTables, 'order'>;

/**
 * A buyer reviews one line of their own order once it is DELIVERED (the seed's "주문이 완료된 상품 건", a state it
 * never had, gap C-G4), once per line. Order is asked first; the review and ReviewWritten (order marks the
 * line reviewed) are saved together.
 */
export const writeReview =
  (ctx: ReviewContext) =>
  async (buyer: Caller, input: Static<typeof NewReview>): Promise<Review> => {
    const line = await purchasedLine(ctx.clients.order, input.order_product_id);
    if (line.user_id !== buyer.id) {
      throw forbidden('not-your-order', `order line ${line.order_product_id} is from another user's order`);
    }
    if (line.status !== 'DELIVERED') {
      throw new HttpError(
        'conflict',
        `order line ${line.order_product_id} is ${line.status}; it can be reviewed once it is DELIVERED`,
        { rule: 'line-not-delivered', status: line.status },
      );
    }
    const values = {
      order_product_id: line.order_product_id,
      order_id: line.order_id,
      product_id: line.product_id,
      user_id: buyer.id,
      rating: input.rating,
      content: input.content,
      created_at: ctx.clock().toISOString(),
    };
    try {
      return await ctx.store.transaction(async (tx) => {
        const reviewId = await insertWithId(tx.db, 'reviews', values, 'review_id');
        await tx.publish(
          commerceEvent('ReviewWritten', {
            orderId: line.order_id,
            orderProductId: line.order_product_id,
            reviewId,
          }),
        );
        return { review_id: reviewId, ...values };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new HttpError('conflict', `order line ${line.order_product_id} has been reviewed already`, {
        rule: 'already-reviewed',
      });
    }
  };
