import { operatorRoutesSuite } from '../testing/conformance/operator-routes.ts';
import { describeWithEngines } from '../testing/engines.ts';
import { startTestSystem } from '../testing/system.ts';

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'on the distributed runtime', () =>
  operatorRoutesSuite((system) => startTestSystem(system, { runtime: 'distributed' })),
);
