import { startTestSystem } from '@mosaic/kit/testing';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { dlqTutorialSuite } from './dlq-tutorial-suite.ts';

await describeWithEngines(['postgres', 'nats', 'redis'], 'on the distributed runtime (a JetStream work queue)', () =>
  dlqTutorialSuite((definition) => startTestSystem(definition, { runtime: 'distributed' })),
);
