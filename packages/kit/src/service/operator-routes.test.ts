import { operatorRoutesSuite } from '../testing/conformance/operator-routes.ts';
import { startTestSystem } from '../testing/system.ts';

operatorRoutesSuite((system) => startTestSystem(system));
