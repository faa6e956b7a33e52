// Test support: a system whose service declares settings, for `config.test.ts`. Imported with `node --import`
// before main.ts, it adds the system to the CLI's list, so the real CLI finds its schemas; production never loads it.

import { Type } from '@mosaic/kit/http';
import { defineSystem, type SystemDefinition } from '@mosaic/kit/runtime';
import { defineService, type ServiceContext } from '@mosaic/kit/service';
import { SYSTEMS } from './systems.ts';

const settings = {
  'address.limit': Type.Integer({ minimum: 1, default: 3 }),
  'greeting.text': Type.String({ default: 'hello' }),
};

/** The running service's context, kept by `started` so the test reads its settings as the service does. */
export const seen: { ctx?: ServiceContext<Record<string, never>, never, typeof settings> } = {};

export const shop = defineSystem({
  name: 'configshop',
  title: 'a shop with settings',
  gateway: { port: 0 },
  services: [
    {
      definition: defineService<Record<string, never>, never, typeof settings>({
        name: 'cart',
        system: 'configshop',
        settings,
        migrations: {},
        endpoints: [],
        started: (ctx) => {
          seen.ctx = ctx;
        },
      }),
      port: 0,
    },
  ],
});

// `SYSTEMS` is read-only to its users; only this test support extends it, in the CLI process the test spawns.
if (process.env.MOSAIC_CONFIG_FIXTURE === 'register') (SYSTEMS as SystemDefinition[]).push(shop);
