import { bookingSuite } from './booking-suite.ts';
import { startRooms } from './fixtures.ts';

bookingSuite(() => startRooms());
