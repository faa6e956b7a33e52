import { defineSystem } from '@mosaic/kit/runtime';
import { accountsAuth, sellerService, supervisorService, userService } from './accounts.ts';
import { errorBody } from './contracts/envelope.ts';
import { commerceEvents } from './contracts/events.ts';
import { commerceDemo, commerceDemoCallers } from './demo.ts';
import { orderService } from './order/service.ts';
import { productService } from './product/service.ts';
import { reviewService } from './review/service.ts';

/**
 * The B2C shop of seed 002 ("benefits"): accounts (user, seller, supervisor: each signs its own role's tokens
 * with its own key, and the gateway picks the key by the token's issuer, never by its unverified role — spec
 * §3, bug C-B7), catalog and stock (product), orders that never oversell (order, the stock saga), reviews of
 * delivered lines (review, asking order synchronously behind a breaker).
 */
export const commerce = defineSystem({
  name: 'commerce',
  title: 'B2C shop: accounts, catalog, stock reserved by events, orders that never oversell (benefits)',
  gateway: {
    // The route table comes from the services' endpoints, with the seed's prefixes in their paths.
    port: 8090,
    auth: accountsAuth,
    errorBody,
  },
  events: commerceEvents,
  demo: commerceDemo,
  demoCallers: commerceDemoCallers,
  services: [
    { definition: userService, port: 8283 },
    { definition: sellerService, port: 8284 },
    { definition: supervisorService, port: 8285 },
    { definition: productService, port: 8281 },
    { definition: orderService, port: 8282 },
    { definition: reviewService, port: 8286 },
  ],
});

export default commerce;
