export * from './context.ts';
export * from './log-batches.ts';
export * from './logger.ts';
export * from './message-spans.ts';
export * from './otlp-json.ts';
export * from './tracing.ts';
