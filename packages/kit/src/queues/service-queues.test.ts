import { queueServiceSuite } from '../testing/conformance/queues-service.ts';
import { startTestSystem } from '../testing/system.ts';

queueServiceSuite((system) => startTestSystem(system));
