export * from './embedded.ts';
export * from './launch.ts';
export * from './runtime.ts';
export * from './system.ts';
