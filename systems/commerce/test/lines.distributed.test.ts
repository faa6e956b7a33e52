import { startTestSystem } from '@mosaic/kit/testing';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { commerce } from '../system.ts';
import { linesSuite } from './lines-suite.ts';

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'on the distributed runtime', () =>
  linesSuite(() => startTestSystem(commerce, { runtime: 'distributed' })),
);
