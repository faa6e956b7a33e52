import { describeWithEngines } from '../testing/engines.ts';
import { startTestSystem } from '../testing/system.ts';
import { operatorRoutesSuite } from './operator-routes-suite.ts';

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'on the distributed runtime', () =>
  operatorRoutesSuite((system) => startTestSystem(system, { runtime: 'distributed' })),
);
