import { defineService } from '@mosaic/kit/service';
import { errorBody } from '../contracts/errors.ts';
import { notificationEndpoints } from './endpoints.ts';
import { mail, notificationSettings } from './policies.ts';
import { migrations, type NotificationTables } from './store.ts';

/**
 * notification: the seed's SES. Only an event consumer: while it is down, sales and restocks go on, and it
 * catches up from the stream when it returns.
 */
export const notificationService = defineService<NotificationTables, never, typeof notificationSettings>({
  name: 'notification',
  system: 'donuts',
  migrations,
  settings: notificationSettings,
  endpoints: notificationEndpoints,
  policies: { mail },
  errorBody,
});
