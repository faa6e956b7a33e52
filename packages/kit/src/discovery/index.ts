export * from './memory.ts';
export * from './nats-kv.ts';
export * from './registry.ts';
