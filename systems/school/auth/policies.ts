import { on } from '@mosaic/kit/messaging';
import { schoolEvents } from '../contracts/events.ts';
import { type AuthContext, now } from './commands/context.ts';
import { deliverSms } from './commands/sms.ts';
import type { AuthTables } from './store/tables.ts';

/** Whenever SmsRequested then the message lands in the outbox, addressed to the account's phone. */
export const sms = on<typeof schoolEvents.schemas, AuthTables, AuthContext>(schoolEvents, {
  SmsRequested: (event, tx, ctx) => deliverSms(tx, event.data, now(ctx)),
});
