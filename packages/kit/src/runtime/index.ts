export * from './distributed.ts';
export * from './distributed-config.ts';
export * from './embedded.ts';
export * from './engine-probe.ts';
export * from './launch.ts';
export * from './runtime.ts';
export * from './system.ts';
export * from './system-gateway.ts';
