import { endpointsOf } from '@mosaic/kit/service';
import { ok } from '../contracts/envelope.ts';
import { AUTH_USER, OPEN_API, requireRole } from '../contracts/identity.ts';
import { paginationOf } from '../contracts/paging.ts';
import { type ReviewContext, writeReview } from './commands.ts';
import { reviews } from './reviews.ts';
import { MyReviewQuery, NewReview, ProductReviewQuery } from './schemas.ts';
import { reviewView } from './views.ts';

const endpoint = endpointsOf<ReviewContext>();
const PREFIX = '/review-service';

const postReview = endpoint({
  method: 'POST',
  path: `${PREFIX}/auth-user/reviews`,
  body: NewReview,
  summary: 'Review a DELIVERED line of your own order, once (503 with Retry-After while orders cannot be checked)',
  gateway: AUTH_USER,
  handle: async (ctx, { body, caller }) => {
    // Reviews are a buyer's words: a supervisor reads them all but writes none.
    const buyer = requireRole(caller, ['USER']);
    return ok(201, reviewView(await writeReview(ctx)(buyer, body)));
  },
});

const productReviews = endpoint({
  method: 'GET',
  path: `${PREFIX}/open-api/reviews`,
  query: ProductReviewQuery,
  summary: "A product's reviews (product_id), newest first, a page at a time; without product_id every review",
  gateway: OPEN_API,
  handle: async (ctx, { query }) => {
    const found = await reviews(ctx.store.db).list(query);
    return ok(200, found.rows.map(reviewView), { pagination: paginationOf(query, found) });
  },
});

const myReviews = endpoint({
  method: 'GET',
  path: `${PREFIX}/auth-user/reviews`,
  query: MyReviewQuery,
  summary: 'Your reviews, newest first (a supervisor: everyone’s)',
  gateway: AUTH_USER,
  handle: async (ctx, { query, caller }) => {
    const who = requireRole(caller, ['USER', 'SUPERVISOR']);
    const found = await reviews(ctx.store.db).list({ ...query, ...(who.role === 'USER' ? { userId: who.id } : {}) });
    return ok(200, found.rows.map(reviewView), { pagination: paginationOf(query, found) });
  },
});

export const reviewEndpoints = [postReview, productReviews, myReviews];
