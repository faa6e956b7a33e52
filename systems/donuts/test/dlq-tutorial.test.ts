import { startTestSystem } from '@mosaic/kit/testing';
import { dlqTutorialSuite } from './dlq-tutorial-suite.ts';

dlqTutorialSuite((definition) => startTestSystem(definition));
