import { rooms } from '../system.ts';
import { startRooms } from './fixtures.ts';
import { realuseSuite } from './realuse-suite.ts';

realuseSuite((clock) => startRooms('embedded', rooms, clock));
