import { defineSystem } from '@mosaic/kit/runtime';
import { deliveryService } from './delivery/service.ts';
import { orderService } from './order/service.ts';
import { paymentService } from './payment/service.ts';
import { storeService } from './store/service.ts';

/** Online raw-fish delivery: order → payment (sync) → store → delivery, with MyPage (seed 001). */
export const fishdelivery = defineSystem({
  name: 'fishdelivery',
  title: 'online raw-fish delivery: order, payment, store, delivery saga with MyPage',
  gateway: {
    port: 8088,
    routes: [
      { method: '*', path: '/orders/**', service: 'order', auth: 'public' },
      { method: '*', path: '/myPages/**', service: 'order', auth: 'public' },
      { method: '*', path: '/payments/**', service: 'payment', auth: 'public' },
      { method: '*', path: '/fishstores/**', service: 'store', auth: 'public' },
      { method: '*', path: '/deliveries/**', service: 'delivery', auth: 'public' },
    ],
  },
  services: [
    { definition: orderService, port: 8081 },
    { definition: paymentService, port: 8082 },
    { definition: storeService, port: 8083 },
    { definition: deliveryService, port: 8084 },
  ],
});

export default fishdelivery;
