import { Type } from '@mosaic/kit/http';
import { Id, listQuery } from '../contracts/paging.ts';

export const NewReview = Type.Object({
  order_product_id: Id('the delivered order line being reviewed'),
  rating: Type.Integer({ minimum: 1, maximum: 5, description: 'stars, 1 to 5' }),
  content: Type.String({ minLength: 1, maxLength: 1000, description: 'what the buyer has to say' }),
});

export const ProductReviewQuery = listQuery({ product_id: Id('the product') });
export const MyReviewQuery = listQuery({});
export const ReviewParams = Type.Object({ review_id: Id('the review') });
