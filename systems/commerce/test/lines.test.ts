import { startTestSystem } from '@mosaic/kit/testing';
import { commerce } from '../system.ts';
import { linesSuite } from './lines-suite.ts';

linesSuite(() => startTestSystem(commerce));
