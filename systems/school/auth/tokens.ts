import { type TokenIssuer, tokenIssuerOf } from '@mosaic/kit/auth';
import type { Store } from '@mosaic/kit/store';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, TOKEN_LIFETIME_SEC } from '../contracts/accounts.ts';
import type { AuthTables } from './store/tables.ts';

export type { TokenIssuer };

const ROLES = TOKEN_LIFETIME_SEC as Readonly<Record<string, number>>;
const LONGEST_LIFETIME_SEC = Math.max(...Object.values(TOKEN_LIFETIME_SEC));

/**
 * Auth's issuer (the kit's, with keys in auth's `signing_keys`): students' tokens live 7 days, everyone else's
 * 24 h. One per store; `started` ensures its key before the service listens.
 */
export function issuerOf(ctx: { store: Store<AuthTables> }): TokenIssuer {
  return tokenIssuerOf(ctx.store, {
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    lifetimeSec: (role) => {
      const lifetime = ROLES[role];
      if (lifetime === undefined) throw new Error(`auth issues no token for the role ${role}`);
      return lifetime;
    },
    longestLifetimeSec: LONGEST_LIFETIME_SEC,
  });
}
