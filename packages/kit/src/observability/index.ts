export * from './context.ts';
export * from './logger.ts';
export * from './trace.ts';
