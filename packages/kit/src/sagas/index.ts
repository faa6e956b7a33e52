export { defineSaga, type Saga, type SagaDefinition, type SagaStep } from './define.ts';
export { keeps, type SagaKeeping } from './keeper.ts';
export { SAGA_STATUSES, type SagaEvent, type SagaState, type SagaStatus, sagaState } from './state.ts';
export type { SagaInstance } from './store.ts';
