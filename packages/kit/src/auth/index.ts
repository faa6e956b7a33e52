export * from './claims.ts';
export * from './redis-revocations.ts';
export * from './revocations.ts';
export * from './tokens.ts';
