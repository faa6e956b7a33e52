export * from './define.ts';
export * from './endpoint.ts';
export { callerOf } from './endpoint-routes.ts';
export * from './errors.ts';
export { type EventStream, type EventStreamOptions, openEventStream, type StreamEvent } from './event-stream.ts';
export * from './problem.ts';
export * from './start.ts';
export * from './vouched-identity.ts';
