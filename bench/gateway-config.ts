/** Shared by the gateway benchmark's runner (which signs the token) and its gateway process (which checks it). */
export const BENCH_ISSUER = 'https://auth.bench.test';
export const BENCH_AUDIENCE = 'bench';
