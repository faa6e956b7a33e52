export * from './cluster.ts';
export * from './faults.ts';
export * from './hostile/index.ts';
export * from './http.ts';
export * from './namespace.ts';
export * from './settings.ts';
export * from './system.ts';
export * from './wait.ts';
