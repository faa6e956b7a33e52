import { describe } from 'vitest';
import { limiterContract } from './contract.ts';
import { createMemoryLimiter } from './memory.ts';

describe('memory limiter', () => {
  limiterContract(() => createMemoryLimiter());
});
