import { defineSystem } from '@mosaic/kit/runtime';
import { defineService } from '@mosaic/kit/service';
import { accountsAuth, sellerService, supervisorService } from '../../accounts.ts';
import { errorBody } from '../../contracts/envelope.ts';
import type { UserContext } from '../../user/commands.ts';
import { userService } from '../../user/service.ts';
import type { userSettings } from '../../user/settings.ts';
import type { UserTables } from '../../user/store.ts';

/** The running user service's context, kept so a test can sign with user's own key (a forged token). */
export const seen: { user?: UserContext } = {};

export const SUPERVISOR_PASSWORD = 'Super1234!';
process.env.MOSAIC_COMMERCE_SUPERVISOR_PASSWORD = SUPERVISOR_PASSWORD;

/**
 * The account services alone behind a gateway that knows their three issuers, as the shop's will; on the
 * distributed runtime their databases are on PostgreSQL unless `storage` says MySQL (the seed's user-service
 * ran on MySQL).
 */
export function accountsSystemOn(storage?: 'postgres' | 'mysql') {
  const on = <T extends object>(definition: T): T => (storage ? { ...definition, storage } : definition);
  return defineSystem({
    name: 'commerce',
    title: 'commerce accounts (test)',
    gateway: { port: 0, auth: accountsAuth, errorBody },
    services: [
      {
        definition: on(
          defineService<UserTables, never, typeof userSettings>({
            ...userService,
            started: async (ctx) => {
              seen.user = ctx;
              await userService.started?.(ctx);
            },
          }),
        ),
        port: 0,
      },
      { definition: on(sellerService), port: 0 },
      { definition: on(supervisorService), port: 0 },
    ],
  });
}

export const accountsSystem = accountsSystemOn();
