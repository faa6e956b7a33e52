import { defineSystem } from '@mosaic/kit/runtime';
import { fishEvents } from './contracts/events.ts';
import { deliveryService } from './delivery/service.ts';
import { orderService } from './order/service.ts';
import { paymentService } from './payment/service.ts';
import { storeService } from './store/service.ts';

/** Online raw-fish delivery: order → payment (sync) → store → delivery, with MyPage (seed 001). */
export const fishdelivery = defineSystem({
  name: 'fishdelivery',
  title: 'online raw-fish delivery: order, payment, store, delivery saga with MyPage',
  gateway: {
    // The route table comes from the services' endpoints: every route by method and path, so the gateway
    // answers 405 with Allow itself and /openapi.json lists each operation with its schemas (the seed's
    // gateway forwarded /orders/** and the like whole).
    port: 8088,
  },
  events: fishEvents,
  services: [
    { definition: orderService, port: 8081 },
    { definition: paymentService, port: 8082 },
    { definition: storeService, port: 8083 },
    { definition: deliveryService, port: 8084 },
  ],
});

export default fishdelivery;
