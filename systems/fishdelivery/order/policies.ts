import type { Policy } from '@mosaic/kit/service';
import { dataOf } from '../contracts/events.ts';
import { orderDelivered } from './commands.ts';
import type { OrderTables } from './store.ts';
import { MY_PAGE_EVENTS, MY_PAGE_GROUP, project } from './views.ts';

export function orderPolicies(clock: () => Date): Record<string, Policy<OrderTables>> {
  return {
    /** Every event of an order's life feeds MyPage; one group, so one order's events apply in order. */
    myPage: {
      on: Object.keys(MY_PAGE_EVENTS),
      group: MY_PAGE_GROUP,
      handle: (event, tx) => project(event, tx, clock().toISOString()),
    },
    /** whenever DeliveryCompleted then the order is DELIVERED (and can no longer be canceled). */
    deliveryCompleted: {
      on: 'DeliveryCompleted',
      handle: async (event, tx) => {
        await orderDelivered(tx, dataOf('DeliveryCompleted', event).orderId, clock().toISOString());
      },
    },
  };
}
