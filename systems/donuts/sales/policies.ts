import { on } from '@mosaic/kit/messaging';
import { donutsEvents } from '../contracts/events.ts';
import { noteFactoryJob, type SalesContext } from './commands.ts';
import type { SalesTables } from './store.ts';

/** The restock saga's second step on sales' side: the factory took the order, so the request is IN_PRODUCTION. */
export const production = on<typeof donutsEvents.schemas, SalesTables, SalesContext>(donutsEvents, {
  FactoryOrdered: (e, tx) => noteFactoryJob(tx, e.data.restockId, e.data.jobId),
});
