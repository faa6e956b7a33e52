export * from './limiter.ts';
export * from './memory/memory.ts';
export * from './redis/redis.ts';
