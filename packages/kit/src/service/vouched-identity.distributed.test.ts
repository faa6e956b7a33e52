import { vouchedIdentitySuite } from '../testing/conformance/vouched-identity.ts';
import { describeWithEngines } from '../testing/engines.ts';
import { startTestSystem } from '../testing/system.ts';

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'on the distributed runtime', () =>
  vouchedIdentitySuite((system) => startTestSystem(system, { runtime: 'distributed' })),
);
