import { on } from '@mosaic/kit/messaging';
import { donutsEvents } from '../contracts/events.ts';
import type { RestockTables } from './store.ts';
import { type RestockContext, writeOrder } from './worker.ts';

/**
 * The restock saga's first step on the worker's side: the request enters the ledger as QUEUED, so an operator
 * sees an order sales asked for even before the queue hands it over (the message and the event travel apart).
 */
export const ledger = on<typeof donutsEvents.schemas, RestockTables, RestockContext>(donutsEvents, {
  RestockRequested: async (e, tx, ctx) => {
    const known = await tx.db
      .selectFrom('factory_orders')
      .select('restock_id')
      .where('restock_id', '=', e.data.restockId)
      .executeTakeFirst();
    if (known) return;
    await writeOrder(tx, e.data, { status: 'QUEUED', job_id: null, receives: 0, last_error: null }, ctx);
  },
});
