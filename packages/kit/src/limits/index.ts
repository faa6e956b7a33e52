export * from './limiter.ts';
export * from './memory.ts';
export * from './redis.ts';
