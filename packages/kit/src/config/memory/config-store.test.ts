import { describe } from 'vitest';
import { configContract } from '../../testing/conformance/config.ts';
import { createMemoryConfigStore } from './config-store.ts';

describe('memory config store', () => {
  // One store per test: every instance of a process shares it, as the runtime's services do.
  configContract(() => {
    const store = createMemoryConfigStore();
    return { open: async () => ({ ...store, close: async () => {} }) };
  });
});
