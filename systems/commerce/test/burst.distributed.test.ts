import { startTestSystem } from '@mosaic/kit/testing';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { commerce } from '../system.ts';
import { burstSuite } from './burst-suite.ts';

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'on the distributed runtime', () => {
  burstSuite(() => startTestSystem(commerce, { runtime: 'distributed' }));
  burstSuite(() => startTestSystem(commerce, { runtime: 'distributed' }), { productReplicas: 3 });
});
