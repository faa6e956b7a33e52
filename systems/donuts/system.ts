import { defineSystem } from '@mosaic/kit/runtime';
import { donutsEvents } from './contracts/events.ts';
import { donutsDemo, donutsDemoCallers } from './demo.ts';
import { factoryService } from './factory/service.ts';
import { notificationService } from './notification/service.ts';
import { restockService } from './restock/service.ts';
import { salesService } from './sales/service.ts';

/**
 * 도넛-스테이츠 and 팩토리-스테이츠 (seed 004, the codestates DevOps project 3): a donut shop that sells without
 * overselling, asks its slow legacy factory for one restock per shortage through a work queue with dead letters,
 * and takes the factory's callback once. The buyers are anonymous (cURL, postman, k6), so the gateway checks no
 * tokens; the only guarded route is the callback, by the restock's one-time token.
 */
export const donuts = defineSystem({
  name: 'donuts',
  title: 'donut shop: sales without overselling, restock through a work queue, a slow legacy factory',
  gateway: { port: 8092 },
  events: donutsEvents,
  demo: donutsDemo,
  demoCallers: donutsDemoCallers,
  services: [
    { definition: salesService, port: 8481 },
    { definition: restockService, port: 8482 },
    { definition: factoryService, port: 8483 },
    { definition: notificationService, port: 8484 },
  ],
});

export default donuts;
