import { rooms } from '../system.ts';
import { startRooms } from './fixtures.ts';
import { scenariosSuite } from './scenarios-suite.ts';

scenariosSuite((clock) => startRooms('embedded', rooms, clock));
