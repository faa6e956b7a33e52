import { defineService } from '@mosaic/kit/service';
import { serviceErrorBody } from '../contracts/envelope.ts';
import { bootstrapAuth } from './bootstrap.ts';
import { authEndpoints } from './endpoints/index.ts';
import { sms } from './policies.ts';
import { smsOutbox } from './sms-outbox.ts';
import { migrations } from './store/migrations.ts';
import type { AuthTables } from './store/tables.ts';

/** Accounts, sign-in and tokens, profile images, the SMS outbox (spec §1.1, §2.1). */
export const authService = defineService<AuthTables>({
  name: 'auth',
  system: 'school',
  migrations,
  endpoints: authEndpoints,
  policies: { sms },
  outboxes: { sms: smsOutbox },
  errorBody: serviceErrorBody,
  // A signing key (the gateway fetches the JWKS as soon as it sees auth) and the first admin.
  started: bootstrapAuth,
});
