import { startTestSystem } from '../testing/system.ts';
import { vouchedIdentitySuite } from './vouched-identity-suite.ts';

vouchedIdentitySuite((system) => startTestSystem(system));
