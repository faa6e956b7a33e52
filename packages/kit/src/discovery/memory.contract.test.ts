import { describe } from 'vitest';
import { registryContract } from './contract.ts';
import { createMemoryRegistry } from './memory.ts';

describe('memory registry (contract)', () => {
  registryContract(() => createMemoryRegistry());
});
