export * from './context.ts';
export * from './log-batches.ts';
export * from './logger.ts';
export * from './trace.ts';
