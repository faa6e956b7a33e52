import { defineService } from '@mosaic/kit/service';
import { notificationEndpoints } from './endpoints.ts';
import { announce } from './policies.ts';
import { migrations, type NotificationTables } from './store.ts';

/**
 * notification: tells the member concerned of every change to their booking and its approval. Only an event
 * consumer, so while it is down booking, approval and check-in go on ("알림기능이 취소되더라도 예약과 승인 기능은
 * 가능하다") and it catches up when it returns.
 */
export const notificationService = defineService<NotificationTables>({
  name: 'notification',
  system: 'rooms',
  migrations,
  endpoints: notificationEndpoints,
  policies: { announce },
});
