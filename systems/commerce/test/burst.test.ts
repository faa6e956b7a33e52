import { startTestSystem } from '@mosaic/kit/testing';
import { commerce } from '../system.ts';
import { burstSuite } from './burst-suite.ts';

burstSuite(() => startTestSystem(commerce));
