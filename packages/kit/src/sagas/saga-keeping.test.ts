import { sagaKeepingSuite } from '../testing/conformance/saga-keeping.ts';
import { startTestSystem } from '../testing/system.ts';

sagaKeepingSuite((system) => startTestSystem(system));
