import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { donutsOn, startDonuts } from './fixtures.ts';
import { spikeSuite } from './spike-suite.ts';

// The conditional decrement and the shortage claim must hold where transactions really run at once:
// PostgreSQL (READ COMMITTED) and MySQL/MariaDB (REPEATABLE READ).
await describeWithEngines(['postgres', 'nats', 'redis'], 'on the distributed runtime, PostgreSQL', () =>
  spikeSuite(() => startDonuts({ runtime: 'distributed', definition: donutsOn('postgres'), stepMs: 60_000 })),
);
await describeWithEngines(['mysql', 'nats', 'redis'], 'on the distributed runtime, MySQL/MariaDB', () =>
  spikeSuite(() => startDonuts({ runtime: 'distributed', definition: donutsOn('mysql'), stepMs: 60_000 })),
);
