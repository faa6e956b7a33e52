/**
 * user: the shop's customers (the seed's user-service, spec §5.1). Sign-up with a BRONZE profile, login
 * (`POST /user-service/open-api/login`), refresh (`GET /user-service/auth-user/restore`, the refresh token in
 * an HttpOnly cookie, rotated on use), logout (the gateway revokes the access token; user ends the session),
 * the account, profile and up to `address.limit` addresses. User tokens (role USER) are signed with user's
 * own key, published at `/user-service/open-api/jwks.json`.
 */
import { defineService } from '@mosaic/kit/service';
import { errorBody } from '../contracts/envelope.ts';
import { userEndpoints, userIssuer } from './endpoints.ts';
import { userSettings } from './settings.ts';
import { migrations, type UserTables } from './store.ts';

export const userService = defineService<UserTables, never, typeof userSettings>({
  name: 'user',
  system: 'commerce',
  migrations,
  settings: userSettings,
  endpoints: userEndpoints,
  errorBody,
  // The gateway fetches the JWKS as soon as it sees user: a signing key must exist before it listens.
  started: async (ctx) => {
    await userIssuer(ctx).ensureKey();
  },
});
