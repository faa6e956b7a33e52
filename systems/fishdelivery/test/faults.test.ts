import { startTestSystem } from '@mosaic/kit/testing';
import { fishdelivery } from '../system.ts';
import { faultsSuite } from './faults-suite.ts';

faultsSuite(() => startTestSystem(fishdelivery));
