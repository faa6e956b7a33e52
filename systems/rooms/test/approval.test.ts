import { approvalSuite } from './approval-suite.ts';
import { startRooms } from './fixtures.ts';

approvalSuite(() => startRooms());
