import type { Policy } from '@mosaic/kit/service';
import { dataOf } from '../contracts/events.ts';
import { deliverSms } from './commands.ts';
import type { AuthTables } from './store.ts';

export function authPolicies(clock: () => Date): Record<string, Policy<AuthTables>> {
  return {
    /** whenever SmsRequested then the message lands in the outbox, addressed to the account's phone. */
    sms: {
      on: 'SmsRequested',
      handle: async (event, tx) => {
        await deliverSms(tx, dataOf('SmsRequested', event), clock().toISOString());
      },
    },
  };
}
