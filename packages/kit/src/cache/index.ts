export * from './cache.ts';
export * from './memory.ts';
export * from './redis.ts';
