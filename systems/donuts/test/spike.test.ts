import { startDonuts } from './fixtures.ts';
import { spikeSuite } from './spike-suite.ts';

spikeSuite(() => startDonuts({ stepMs: 60_000 }));
