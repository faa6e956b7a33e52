export * from './http.ts';
export * from './system.ts';
export * from './wait.ts';
