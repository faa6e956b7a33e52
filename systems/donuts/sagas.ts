import { defineSaga } from '@mosaic/kit/sagas';

/**
 * One restock, from the shortage to the stock back on the shelf (its record per restock at sales'
 * `/admin/sagas/restock/<restockId>`): sales claims the shortage and queues the order with one transaction
 * (RestockRequested); restock's worker has the factory accept it (FactoryOrdered); the factory's callback makes
 * sales add the stock once (RestockArrived). A message dead-lettered after its last receive cancels it
 * (RestockDeadLettered) with nothing to undo; a redrive after the fix carries it on to its end.
 *
 * No timeout: the factory is slow by nature (≈ 40 s), and the queue's receives and dead letters already bound
 * the one step that can fail silently.
 */
export const restockSaga = defineSaga({
  name: 'restock',
  owner: 'sales',
  subject: 'restockId',
  steps: [
    { name: 'order', by: 'restock', on: 'RestockRequested', done: 'FactoryOrdered' },
    { name: 'produce', by: 'sales', on: 'FactoryOrdered', done: 'RestockArrived' },
  ],
  cancelledBy: 'RestockDeadLettered',
});
