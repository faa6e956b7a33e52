import { startTestSystem } from '@mosaic/kit/testing';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { accountsSuite } from './accounts-suite.ts';
import { accountsSystem } from './test-system.ts';

await describeWithEngines(['postgres', 'nats', 'redis'], 'commerce accounts on the distributed runtime', () => {
  accountsSuite(() => startTestSystem(accountsSystem, { runtime: 'distributed' }));
});
