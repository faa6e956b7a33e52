import { Type } from '@mosaic/kit/http';
import type { Lease, QueueMessage, QueueWorker } from '@mosaic/kit/queues';
import type { ServiceContext } from '@mosaic/kit/service';
import { isUniqueViolation, type Tx } from '@mosaic/kit/store';
import { donutsEvent } from '../contracts/events.ts';
import { factoryRequest, type RestockOrder, restockOrderProblem } from '../contracts/restock-order.ts';
import type { RestockTables } from './store.ts';

export const restockSettings = {
  'callback.baseUrl': Type.String({
    minLength: 1,
    default: 'http://localhost:8092',
    description: "where the factory reaches sales' callback (the gateway); the restock's path and token follow",
  }),
};

export type RestockContext = ServiceContext<RestockTables, 'factory', typeof restockSettings, 'restock'>;

/**
 * The seed's numbers, fixed (D-B5, D-B6): the factory call gives up after 5 s; the handler's deadline (10 s)
 * covers it with room for the ledger's write; the visibility timeout (30 s) outlasts the deadline, so a
 * message is never handed to a second worker while the first still works on it. Five receives, then the DLQ.
 */
export const FACTORY_TIMEOUT_MS = 5_000;
/** Three failures in a row rest the factory 2 s: a down factory is not hammered by every receive. */
export const FACTORY_BREAKER = { failures: 3, halfOpenAfterMs: 2_000 };
export const RESTOCK_QUEUE = { visibilityTimeoutMs: 30_000, handlerTimeoutMs: 10_000, maxReceives: 5, concurrency: 4 };

/**
 * The seed's stock lambda: one restock message → one factory order. A failure is thrown (the queue redelivers
 * it, and dead-letters it after its last receive), never swallowed as the seed did.
 *
 * Exactly one factory order per restock, although delivery is at least once and the factory keeps no key: the
 * ledger row gets the factory's job id in the transaction right after the 201, and a message whose restock
 * already has a job returns at once. The id is written *after* the call, not a "calling" mark before it:
 * a mark before would leave a crash mid-call undecidable (did the factory take it?) and so block the restock
 * forever, while recording after leaves only the window between the factory's 201 and that commit, where a
 * crash reorders once; and even then sales adds the stock once per restock, never per job.
 */
export const restockWorker: QueueWorker<RestockContext> = {
  ...RESTOCK_QUEUE,
  async handle(message: QueueMessage, ctx: RestockContext, lease: Lease) {
    const problem = restockOrderProblem(message.body);
    if (problem) throw new Error(problem);
    const order = message.body as RestockOrder;
    const known = await ctx.store.db
      .selectFrom('factory_orders')
      .select('job_id')
      .where('restock_id', '=', order.restockId)
      .executeTakeFirst();
    if (known?.job_id) return;
    try {
      const jobId = await orderFromFactory(ctx, order, lease.signal);
      await recordJob(ctx, order, jobId, message.receives);
    } catch (error) {
      await noteFailure(ctx, order, message.receives, error);
      throw error;
    }
  },
};

/**
 * Writes the factory's job id on the ledger with FactoryOrdered. The factory has taken the order, so losing
 * this write would order again on the next receive: a clash with the ledger policy creating the same row at
 * that moment (a unique violation, which voids the transaction) is retried, not thrown.
 */
async function recordJob(ctx: RestockContext, order: RestockOrder, jobId: string, receives: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.store.transaction(async (tx) => {
        await writeOrder(tx, order, { status: 'ORDERED', job_id: jobId, receives, last_error: null }, ctx);
        await tx.publish(donutsEvent('FactoryOrdered', { restockId: order.restockId, sku: order.sku, jobId }));
      });
      return;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

async function orderFromFactory(ctx: RestockContext, order: RestockOrder, signal: AbortSignal): Promise<string> {
  if (signal.aborted) throw signal.reason;
  const callbackUrl = `${ctx.settings.get('callback.baseUrl').replace(/\/+$/, '')}${order.callbackPath}`;
  const response = await ctx.clients.factory.request({
    method: 'POST',
    path: '/api/manufactures',
    body: factoryRequest(order, callbackUrl),
    idempotent: false,
  });
  if (response.status !== 201) {
    throw new Error(`the factory answered ${response.status}: ${response.body.subarray(0, 200).toString('utf8')}`);
  }
  const jobId = response.json<{ data?: { id?: unknown } }>().data?.id;
  if (typeof jobId !== 'string' || jobId === '') throw new Error('the factory accepted the order without a job id');
  return jobId;
}

/**
 * Keeps the last error on the ledger; on the last receive (the message now goes to the dead letters) marks the
 * order DEAD_LETTERED and tells the operator (RestockDeadLettered → notification's alert). Its own failure must
 * not hide the factory's, so it is logged and the original error is thrown by the caller.
 */
async function noteFailure(ctx: RestockContext, order: RestockOrder, receives: number, error: unknown) {
  const text = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const last = receives >= RESTOCK_QUEUE.maxReceives;
  try {
    await ctx.store.transaction(async (tx) => {
      await writeOrder(
        tx,
        order,
        { status: last ? 'DEAD_LETTERED' : 'QUEUED', job_id: null, receives, last_error: text },
        ctx,
      );
      if (last) {
        await tx.publish(
          donutsEvent('RestockDeadLettered', { restockId: order.restockId, sku: order.sku, error: text, receives }),
        );
      }
    });
  } catch (failure) {
    ctx.logger.error({ err: failure, restockId: order.restockId }, 'could not note a failed factory order');
  }
}

type OrderState = Pick<RestockTables['factory_orders'], 'status' | 'job_id' | 'receives' | 'last_error'>;

/** Creates or updates the restock's ledger row; never overwrites a job id once one is recorded. */
export async function writeOrder(
  tx: Tx<RestockTables>,
  order: Pick<RestockOrder, 'restockId' | 'sku' | 'quantity'>,
  state: OrderState,
  ctx: Pick<RestockContext, 'clock'>,
) {
  const updated_at = ctx.clock().toISOString();
  const row = await tx.db
    .selectFrom('factory_orders')
    .select('job_id')
    .where('restock_id', '=', order.restockId)
    .executeTakeFirst();
  if (!row) {
    await tx.db
      .insertInto('factory_orders')
      .values({ restock_id: order.restockId, sku: order.sku, quantity: order.quantity, ...state, updated_at })
      .execute();
  } else if (!row.job_id) {
    await tx.db
      .updateTable('factory_orders')
      .set({ ...state, updated_at })
      .where('restock_id', '=', order.restockId)
      .execute();
  }
}
