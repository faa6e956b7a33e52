import { describe } from 'vitest';
import { registryContract } from '../../testing/conformance/registry.ts';
import { createMemoryRegistry } from './memory.ts';

describe('memory registry (contract)', () => {
  registryContract(() => createMemoryRegistry());
});
