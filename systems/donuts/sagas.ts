import { defineSaga } from '@mosaic/kit/sagas';

/**
 * One restock, from the shortage to the stock back on the shelf (its record per restock at sales'
 * `/admin/sagas/restock/<restockId>`): sales claims the shortage and queues the order with one transaction
 * (RestockRequested); restock's worker has the factory accept it (FactoryOrdered); the factory's callback makes
 * sales add the stock once (RestockArrived). A message dead-lettered after its last receive cancels it
 * (RestockDeadLettered) with nothing to undo; a redrive after the fix carries it on to its end.
 *
 * The `order` step needs no timeout: the queue's receives and dead letters bound it. The `produce` step does:
 * the legacy factory keeps its jobs in memory and calls back once, so a restart or a lost callback would leave
 * the product pending forever; past the deadline sales opens the shortage again and tells the operator.
 */
/** Far above the factory's ≈ 50 s (five steps of 10 s), so only a job that is lost is called overdue. */
export const PRODUCTION_DEADLINE_MS = 10 * 60_000;

export const restockSaga = defineSaga({
  name: 'restock',
  owner: 'sales',
  subject: 'restockId',
  steps: [
    { name: 'order', by: 'restock', on: 'RestockRequested', done: 'FactoryOrdered' },
    { name: 'produce', by: 'sales', on: 'FactoryOrdered', done: 'RestockArrived', timeoutMs: PRODUCTION_DEADLINE_MS },
  ],
  cancelledBy: 'RestockDeadLettered',
});
