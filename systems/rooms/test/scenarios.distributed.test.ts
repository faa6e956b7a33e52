import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { roomsOn, startRooms } from './fixtures.ts';
import { scenariosSuite } from './scenarios-suite.ts';

await describeWithEngines(['postgres', 'nats', 'redis'], 'on the distributed runtime, PostgreSQL', () =>
  scenariosSuite((clock) => startRooms('distributed', roomsOn('postgres'), clock)),
);
await describeWithEngines(['mysql', 'nats', 'redis'], 'on the distributed runtime, MySQL/MariaDB', () =>
  scenariosSuite((clock) => startRooms('distributed', roomsOn('mysql'), clock)),
);
