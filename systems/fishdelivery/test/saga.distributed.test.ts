import { startTestSystem } from '@mosaic/kit/testing';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { fishdelivery } from '../system.ts';
import { sagaSuite } from './saga-suite.ts';

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'on the distributed runtime', () =>
  sagaSuite(() => startTestSystem(fishdelivery, { runtime: 'distributed' })),
);
