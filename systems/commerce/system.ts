import { defineSystem } from '@mosaic/kit/runtime';
import { errorBody } from './contracts/envelope.ts';
import { commerceEvents } from './contracts/events.ts';
import { orderService } from './order/service.ts';
import { productService } from './product/service.ts';

/**
 * Each role's tokens are signed by its own service with its own key, and the gateway picks the key by the
 * token's issuer, never by its unverified role (spec §3, bug C-B7). The issuers (user, seller and supervisor
 * services) are not built yet: until they publish their keys here, the gateway knows none and refuses every
 * token, so only the open-api routes answer through it.
 */
const issuers = (['USER', 'SELLER', 'SUPERVISOR'] as const).map((role) => ({
  issuer: `commerce/${role.toLowerCase()}`,
  audience: 'commerce',
  roles: [role],
  keys: { keys: [] },
}));

/**
 * The B2C shop of seed 002 ("benefits"): catalog and stock (product), orders that never oversell (order, the
 * stock saga). Accounts (user, seller, supervisor), their token issuers at the gateway, and reviews come next.
 */
export const commerce = defineSystem({
  name: 'commerce',
  title: 'B2C shop: catalog, stock reserved by events, orders that never oversell (benefits)',
  gateway: {
    // The route table comes from the services' endpoints, with the seed's prefixes in their paths.
    port: 8090,
    auth: issuers,
    errorBody,
  },
  events: commerceEvents,
  services: [
    { definition: productService, port: 8281 },
    { definition: orderService, port: 8282 },
  ],
});

export default commerce;
