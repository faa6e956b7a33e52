import { countOf } from '@mosaic/kit/store';
import type { Kysely } from 'kysely';
import { type Found, offsetOf, type PageRequest } from '../contracts/paging.ts';
import type { ReviewTables } from './store.ts';
import type { Review } from './views.ts';

/** The review repository: pages of reviews by product or by their writer, newest first. */
export function reviews(db: Kysely<ReviewTables>) {
  return {
    async list(request: PageRequest & { product_id?: number; userId?: number }): Promise<Found<Review>> {
      let query = db.selectFrom('reviews');
      if (request.product_id !== undefined) query = query.where('product_id', '=', request.product_id);
      if (request.userId !== undefined) query = query.where('user_id', '=', request.userId);
      const rows = await query
        .selectAll()
        .orderBy('review_id', 'desc')
        .limit(request.size)
        .offset(offsetOf(request))
        .execute();
      return { rows, total: await countOf(query) };
    },
  };
}
