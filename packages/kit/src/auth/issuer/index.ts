export { type KeyLife, publishedKeys, signingKeyAt } from './key-life.ts';
export {
  type RefreshSessions,
  type RefreshSessionTables,
  type RefreshToken,
  refreshSessionsMigration,
  refreshSessionsOf,
} from './refresh-sessions.ts';
export { type SigningKeyTables, signingKeysMigration } from './signing-keys.ts';
export {
  createTokenIssuer,
  type IssuedToken,
  KEY_ACTIVATION_DELAY_SEC,
  type TokenIssuer,
  type TokenIssuerOptions,
  tokenIssuerOf,
} from './token-issuer.ts';
