import { startTestSystem } from '../testing/system.ts';
import { operatorRoutesSuite } from './operator-routes-suite.ts';

operatorRoutesSuite((system) => startTestSystem(system));
