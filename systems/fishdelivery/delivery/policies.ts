import type { Policy } from '@mosaic/kit/service';
import { dataOf } from '../contracts/events.ts';
import { cancelForOrder, startDelivery } from './commands.ts';
import type { DeliveryTables } from './store.ts';

/** One group, so OrderTaken and the cancels of one order are applied in publish order. */
export function deliveryPolicies(clock: () => Date): Record<string, Policy<DeliveryTables>> {
  return {
    deliveries: {
      on: ['OrderTaken', 'OrderCanceled', 'ReceiveCanceled'],
      handle: async (event, tx) => {
        const now = clock().toISOString();
        if (event.type === 'OrderTaken') return startDelivery(tx, dataOf('OrderTaken', event), now);
        if (event.type === 'OrderCanceled') {
          const canceled = dataOf('OrderCanceled', event);
          return cancelForOrder(tx, canceled.orderId, canceled, now);
        }
        return cancelForOrder(tx, dataOf('ReceiveCanceled', event).orderId, undefined, now);
      },
    },
  };
}
