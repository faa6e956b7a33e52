import type { GatewayAuthConfig } from '@mosaic/kit/gateway';
import { AUDIENCE, issuerName } from './accounts/tokens.ts';
import { SELLER_JWKS_PATH } from './seller/endpoints.ts';
import { sellerService } from './seller/service.ts';
import { SUPERVISOR_JWKS_PATH } from './supervisor/endpoints.ts';
import { supervisorService } from './supervisor/service.ts';
import { USER_JWKS_PATH } from './user/endpoints.ts';
import { userService } from './user/service.ts';

/** The three account services of the shop, each the issuer of one role's tokens. */
export { sellerService, supervisorService, userService };
export const accountServices = [userService, sellerService, supervisorService];

/**
 * The gateway's issuers (spec §3). Each role's tokens are signed by its own service with its own key; the
 * gateway picks the keys by the token's `iss` and accepts from each issuer only its own role, so a token whose
 * `role` says SUPERVISOR but which user signed is refused (the seed read the unverified role first, C-B7).
 */
export const accountsAuth: GatewayAuthConfig[] = [
  {
    issuer: issuerName('user'),
    audience: AUDIENCE,
    algorithms: ['ES256'],
    keys: { jwks: { service: 'user', path: USER_JWKS_PATH } },
    roles: ['USER'],
  },
  {
    issuer: issuerName('seller'),
    audience: AUDIENCE,
    algorithms: ['ES256'],
    keys: { jwks: { service: 'seller', path: SELLER_JWKS_PATH } },
    roles: ['SELLER'],
  },
  {
    issuer: issuerName('supervisor'),
    audience: AUDIENCE,
    algorithms: ['ES256'],
    keys: { jwks: { service: 'supervisor', path: SUPERVISOR_JWKS_PATH } },
    roles: ['SUPERVISOR'],
  },
];
