export type { BreakerOptions, BreakerReport, BreakerState } from './breaker.ts';
export { type BreakerLine, breakersOf } from './breaker-reports.ts';
export * from './client.ts';
export * from './errors.ts';
export { jsonResponse, type UpstreamResponse } from './response.ts';
