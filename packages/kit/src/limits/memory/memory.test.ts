import { describe } from 'vitest';
import { limiterContract } from '../../testing/conformance/limiter.ts';
import { createMemoryLimiter } from './memory.ts';

describe('memory limiter', () => {
  limiterContract(() => createMemoryLimiter());
});
