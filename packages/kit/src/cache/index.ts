export * from './cache.ts';
export * from './memory/memory.ts';
export * from './redis/redis.ts';
