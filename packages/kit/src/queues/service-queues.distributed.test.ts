import { queueServiceSuite } from '../testing/conformance/queues-service.ts';
import { describeWithEngines } from '../testing/engines.ts';
import { startTestSystem } from '../testing/system.ts';

await describeWithEngines(['postgres', 'nats', 'redis'], 'work queues in a service, distributed', () => {
  queueServiceSuite((system) => startTestSystem(system, { runtime: 'distributed' }));
});
