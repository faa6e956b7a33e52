export * from './claims.ts';
export * from './redis-revocations.ts';
export * from './revocation-tables.ts';
export * from './revocations.ts';
export * from './stored-revocations.ts';
export * from './tokens.ts';
