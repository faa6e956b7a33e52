export * from './define.ts';
export * from './errors.ts';
export * from './faults.ts';
export * from './problem.ts';
export * from './start.ts';
export * from './vouched-identity.ts';
