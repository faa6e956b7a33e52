import type { Policy } from '@mosaic/kit/service';
import { dataOf } from '../contracts/events.ts';
import { cancelForOrder, receivePaidOrder } from './commands.ts';
import type { StoreTables } from './store.ts';

/** One group for both, so PayApproved and OrderCanceled of one order are applied in publish order. */
export function storePolicies(clock: () => Date): Record<string, Policy<StoreTables>> {
  return {
    orders: {
      on: ['PayApproved', 'OrderCanceled'],
      handle: async (event, tx) => {
        const now = clock().toISOString();
        if (event.type === 'PayApproved') await receivePaidOrder(tx, dataOf('PayApproved', event), now);
        else await cancelForOrder(tx, dataOf('OrderCanceled', event), now);
      },
    },
  };
}
