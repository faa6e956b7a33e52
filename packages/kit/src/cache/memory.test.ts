import { describe } from 'vitest';
import { cacheContract } from './contract.ts';
import { createMemoryCache } from './memory.ts';

describe('memory cache', () => {
  cacheContract(() => createMemoryCache());
});
