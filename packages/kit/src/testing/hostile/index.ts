export { isEventStream, type SweepFailure, type SweepOptions, type SweepReport, sweepGateway } from './sweep.ts';
