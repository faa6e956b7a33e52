import { startTestSystem } from '@mosaic/kit/testing';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { fishdelivery } from '../system.ts';
import { faultsSuite } from './faults-suite.ts';

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'on the distributed runtime', () =>
  faultsSuite(() => startTestSystem(fishdelivery, { runtime: 'distributed' })),
);
