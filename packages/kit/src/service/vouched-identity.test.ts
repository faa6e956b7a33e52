import { vouchedIdentitySuite } from '../testing/conformance/vouched-identity.ts';
import { startTestSystem } from '../testing/system.ts';

vouchedIdentitySuite((system) => startTestSystem(system));
