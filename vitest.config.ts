import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/**/*.test.ts', 'systems/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // System tests start real HTTP servers and PGlite instances: on a 2-core machine, two files at a time.
    maxWorkers: 2,
    pool: 'forks',
  },
});
