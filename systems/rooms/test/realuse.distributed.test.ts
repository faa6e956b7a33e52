import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { roomsOn, startRooms } from './fixtures.ts';
import { realuseSuite } from './realuse-suite.ts';

await describeWithEngines(['postgres', 'nats', 'redis'], 'on the distributed runtime, PostgreSQL', () =>
  realuseSuite((clock) => startRooms('distributed', roomsOn('postgres'), clock)),
);
