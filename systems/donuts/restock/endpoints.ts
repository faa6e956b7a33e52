import { endpointsOf } from '@mosaic/kit/service';
import type { RestockContext } from './worker.ts';

const endpoint = endpointsOf<RestockContext>();

const factoryOrders = endpoint({
  method: 'GET',
  path: '/factory-orders',
  summary:
    "The worker's ledger: each restock's factory order (QUEUED, ORDERED with its job, DEAD_LETTERED), newest first",
  gateway: { auth: 'public' },
  handle: async (ctx) => {
    const rows = await ctx.store.db
      .selectFrom('factory_orders')
      .selectAll()
      .orderBy('updated_at', 'desc')
      .limit(100)
      .execute();
    return rows.map((r) => ({
      restockId: r.restock_id,
      sku: r.sku,
      quantity: r.quantity,
      status: r.status,
      jobId: r.job_id,
      receives: r.receives,
      lastError: r.last_error,
      updatedAt: r.updated_at,
    }));
  },
});

export const restockEndpoints = [factoryOrders];
