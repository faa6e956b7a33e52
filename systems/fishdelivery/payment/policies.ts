import type { Policy } from '@mosaic/kit/service';
import { dataOf } from '../contracts/events.ts';
import { cancelForOrder } from './commands.ts';
import type { PaymentTables } from './store.ts';

export function paymentPolicies(clock: () => Date): Record<string, Policy<PaymentTables>> {
  return {
    orderCanceled: {
      on: 'OrderCanceled',
      handle: (event, tx) => cancelForOrder(tx, dataOf('OrderCanceled', event), clock().toISOString()),
    },
  };
}
