export * from './memory.ts';
export * from './registry.ts';
