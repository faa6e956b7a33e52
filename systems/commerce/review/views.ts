import type { Selectable } from 'kysely';
import type { ReviewTables } from './store.ts';

export type Review = Selectable<ReviewTables['reviews']>;

export const reviewView = (r: Review) => ({
  review_id: r.review_id,
  order_product_id: r.order_product_id,
  order_id: r.order_id,
  product_id: r.product_id,
  user_id: r.user_id,
  rating: r.rating,
  content: r.content,
  created_at: r.created_at,
});
