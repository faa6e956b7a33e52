export * from './cache.ts';
export * from './memory.ts';
