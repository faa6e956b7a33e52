import { startTestSystem } from '@mosaic/kit/testing';
import { fishdelivery } from '../system.ts';
import { sagaSuite } from './saga-suite.ts';

sagaSuite(() => startTestSystem(fishdelivery));
