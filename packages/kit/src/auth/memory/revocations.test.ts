import { describe } from 'vitest';
import { revocationsContract } from '../../testing/conformance/revocations.ts';
import { createMemoryRevocations } from './revocations.ts';

describe('memory revocations', () => {
  revocationsContract(() => createMemoryRevocations());
});
