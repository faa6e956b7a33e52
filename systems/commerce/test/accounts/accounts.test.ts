import { startTestSystem } from '@mosaic/kit/testing';
import { describe } from 'vitest';
import { accountsSuite } from './accounts-suite.ts';
import { accountsSystem } from './test-system.ts';

describe('commerce accounts on the embedded runtime', () => {
  accountsSuite(() => startTestSystem(accountsSystem));
});
