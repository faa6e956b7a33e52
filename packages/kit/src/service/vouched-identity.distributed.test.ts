import { describeWithEngines } from '../testing/engines.ts';
import { startTestSystem } from '../testing/system.ts';
import { vouchedIdentitySuite } from './vouched-identity-suite.ts';

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'on the distributed runtime', () =>
  vouchedIdentitySuite((system) => startTestSystem(system, { runtime: 'distributed' })),
);
