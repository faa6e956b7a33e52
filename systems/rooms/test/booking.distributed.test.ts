import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { bookingSuite } from './booking-suite.ts';
import { roomsOn, startRooms } from './fixtures.ts';

// The room's row lock must hold on both engines: PostgreSQL (READ COMMITTED) and MySQL/MariaDB (REPEATABLE
// READ, where a plain read may answer from a snapshot older than the lock).
await describeWithEngines(['postgres', 'nats', 'redis'], 'on the distributed runtime, PostgreSQL', () =>
  bookingSuite(() => startRooms('distributed', roomsOn('postgres'))),
);
await describeWithEngines(['mysql', 'nats', 'redis'], 'on the distributed runtime, MySQL/MariaDB', () =>
  bookingSuite(() => startRooms('distributed', roomsOn('mysql'))),
);
