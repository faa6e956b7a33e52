import { startTestSystem } from '@mosaic/kit/testing';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { accountsSuite } from './accounts-suite.ts';
import { accountsSystemOn } from './test-system.ts';

// The same suite with every account database on MySQL/MariaDB: the address limit's locking read and the
// sessions' rotation must hold there too (MySQL's plain reads see a snapshot, PostgreSQL's do not).
await describeWithEngines(['mysql', 'nats', 'redis'], 'commerce accounts on MySQL', () => {
  accountsSuite(() => startTestSystem(accountsSystemOn('mysql'), { runtime: 'distributed' }));
});
