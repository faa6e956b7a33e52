import { sagaKeepingSuite } from '../testing/conformance/saga-keeping.ts';
import { describeWithEngines } from '../testing/engines.ts';
import { startTestSystem } from '../testing/system.ts';

await describeWithEngines(['postgres', 'nats', 'redis'], 'on the distributed runtime', () =>
  sagaKeepingSuite((system) => startTestSystem(system, { runtime: 'distributed' })),
);
