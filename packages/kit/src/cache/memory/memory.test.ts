import { describe } from 'vitest';
import { cacheContract } from '../../testing/conformance/cache.ts';
import { createMemoryCache } from './memory.ts';

describe('memory cache', () => {
  cacheContract(() => createMemoryCache());
});
