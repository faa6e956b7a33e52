import { startDonuts } from './fixtures.ts';
import { restockSuite } from './restock-suite.ts';

restockSuite(() => startDonuts());
