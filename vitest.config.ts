import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/**/*.test.ts', 'systems/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // System tests start real HTTP servers and PGlite instances: on a 2-core machine, two files at a time.
    maxWorkers: 2,
    pool: 'forks',
    // A worker runs its files one after another in one process, modules loaded once: with a fresh module graph
    // per file (isolate) the suite took 13.7 min here against 8.3, most of the difference importing kysely,
    // PGlite, fastify and OpenTelemetry again for each of ~190 files. So a test file restores what it changes
    // in the process (environment variables, fake timers) and closes what it starts.
    isolate: false,
  },
});
