import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { donutsOn, startDonuts } from './fixtures.ts';
import { restockSuite } from './restock-suite.ts';

await describeWithEngines(['postgres', 'nats', 'redis'], 'on the distributed runtime, PostgreSQL', () =>
  restockSuite(() => startDonuts({ runtime: 'distributed', definition: donutsOn('postgres') })),
);
await describeWithEngines(['mysql', 'nats', 'redis'], 'on the distributed runtime, MySQL/MariaDB', () =>
  restockSuite(() => startDonuts({ runtime: 'distributed', definition: donutsOn('mysql') })),
);
