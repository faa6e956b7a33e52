import { donutsEvent } from '../contracts/events.ts';
import type { SalesContext } from './commands.ts';

/**
 * The restock saga's `produce` step ran past its deadline: the factory took the order and never called back
 * (its jobs live in its memory, so a restart of the legacy factory loses them). Without this the product would
 * stay "pending" forever and never be restocked. The request becomes OVERDUE, the shortage is open again (the
 * next purchase at the reorder point asks for a new restock) and the operator is told (RestockOverdue). A late
 * callback is still taken: it adds its stock once, and leaves the pending flag of a newer restock alone.
 */
export async function restockOverdue(ctx: SalesContext, restockId: string, step: string): Promise<void> {
  if (step !== 'produce') return;
  await ctx.store.transaction(async (tx) => {
    const request = await tx.db
      .selectFrom('restock_requests')
      .select(['sku', 'factory_job_id', 'requested_at'])
      .where('id', '=', restockId)
      .where('status', 'in', ['REQUESTED', 'IN_PRODUCTION'])
      .executeTakeFirst();
    if (!request) return;
    await tx.db.updateTable('restock_requests').set({ status: 'OVERDUE' }).where('id', '=', restockId).execute();
    await tx.db.updateTable('products').set({ restock_pending: false }).where('sku', '=', request.sku).execute();
    await tx.publish(
      donutsEvent('RestockOverdue', {
        restockId,
        sku: request.sku,
        jobId: request.factory_job_id ?? '',
        requestedAt: request.requested_at,
      }),
    );
  });
}
