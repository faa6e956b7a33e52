export * from './limiter.ts';
export * from './memory.ts';
