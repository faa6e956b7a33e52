/**
 * seller: the shop's sellers. A supervisor opens and changes their accounts (`/seller-service/auth-super/
 * sellers…`); a seller signs in (`POST /seller-service/login`), refreshes (`GET /seller-service/restore`,
 * refresh cookie), logs out, and reads or changes its own account (`/seller-service/auth-seller/sellers/me`).
 * Seller tokens (role SELLER) are signed with seller's own key, published at `/seller-service/jwks.json`.
 */
import { defineService } from '@mosaic/kit/service';
import { tokenSettings } from '../accounts/tokens.ts';
import { errorBody } from '../contracts/envelope.ts';
import { sellerEndpoints, sellerIssuer } from './endpoints.ts';
import { migrations, type SellerTables } from './store.ts';

export const sellerService = defineService<SellerTables, never, typeof tokenSettings>({
  name: 'seller',
  system: 'commerce',
  migrations,
  settings: tokenSettings,
  endpoints: sellerEndpoints,
  errorBody,
  // The gateway fetches the JWKS as soon as it sees seller: a signing key must exist before it listens.
  started: async (ctx) => {
    await sellerIssuer(ctx).ensureKey();
  },
});
