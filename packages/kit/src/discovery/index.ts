export * from './memory/memory.ts';
export * from './nats/nats-kv.ts';
export * from './registry.ts';
