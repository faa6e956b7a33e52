import { type Static, Type } from '@mosaic/kit/http';
import { defineEvents } from '@mosaic/kit/messaging';

/**
 * The donuts events (spec §5 [proposal]), the only code the services share besides the restock queue's message.
 * Every event of one restock carries its restockId and has it as its subject, so the restock saga keeps one
 * timeline per shortage episode and a consumer sees an episode's events in order.
 */

/** Written without `format` (the event checker knows no formats). */
export const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const restockId = Type.String({ pattern: UUID, description: 'the restock request (one per shortage episode)' });
const sku = Type.String({ minLength: 1, maxLength: 200, description: 'the product' });
const quantity = (description: string) => Type.Integer({ minimum: 1, description });

export const donutsEvents = defineEvents(
  {
    /** A purchase left the stock at or below the product's reorder point: sales asked for one restock. */
    RestockRequested: Type.Object({
      restockId,
      sku,
      name: Type.String(),
      quantity: quantity('how many donuts were asked of the factory'),
      stock: Type.Integer({ minimum: 0, description: 'the stock when it was asked' }),
      factoryManagerEmail: Type.String({ description: "whom the seed's SES e-mail goes to" }),
      requestedAt: Type.String({ description: 'when, ISO 8601' }),
    }),
    /** The restock worker's order was accepted by the factory (its 201), with the factory's job id. */
    FactoryOrdered: Type.Object({ restockId, sku, jobId: Type.String({ minLength: 1 }) }),
    /** The factory called back: the stock was raised once for this restock and the pending flag cleared. */
    RestockArrived: Type.Object({
      restockId,
      sku,
      quantity: quantity('how many donuts were added'),
      stock: Type.Integer({ minimum: 0, description: 'the stock after it' }),
    }),
    /** The factory took the order and did not call back by the `produce` step's deadline: the shortage is open again. */
    RestockOverdue: Type.Object({
      restockId,
      sku,
      jobId: Type.String({ description: "the factory's job that never called back" }),
      requestedAt: Type.String({ description: 'when the restock was asked, ISO 8601' }),
    }),
    /** The restock's message failed its last receive and went to the dead letters: an operator must act. */
    RestockDeadLettered: Type.Object({
      restockId,
      sku,
      error: Type.String(),
      receives: Type.Integer({ minimum: 1 }),
    }),
  },
  { subject: (_type, data) => data.restockId },
);

type Schemas = typeof donutsEvents.schemas;
export type EventData<K extends keyof Schemas> = Static<Schemas[K]>;
export const donutsEvent = donutsEvents.event;
