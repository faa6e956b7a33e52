import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { approvalSuite } from './approval-suite.ts';
import { roomsOn, startRooms } from './fixtures.ts';

await describeWithEngines(['postgres', 'nats', 'redis'], 'on the distributed runtime, PostgreSQL', () =>
  approvalSuite(() => startRooms('distributed', roomsOn('postgres'))),
);
await describeWithEngines(['mysql', 'nats', 'redis'], 'on the distributed runtime, MySQL/MariaDB', () =>
  approvalSuite(() => startRooms('distributed', roomsOn('mysql'))),
);
