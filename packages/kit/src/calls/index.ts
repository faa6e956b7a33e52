export type { BreakerOptions, BreakerState } from './breaker.ts';
export * from './client.ts';
export * from './errors.ts';
export { jsonResponse, type UpstreamResponse } from './response.ts';
