import { defineService } from '@mosaic/kit/service';
import { factoryEndpoints } from './endpoints.ts';
import { FactoryLine, lines } from './line.ts';
import { factorySettings } from './settings.ts';

/**
 * factory: the legacy Factory API of 팩토리-스테이츠 (KBDS `4.factory-api`), deliberately slow and unchanged in its
 * faults: no auth, no idempotency, one callback attempt. The system is built to live with it, not to fix it.
 */
export const factoryService = defineService<unknown, never, typeof factorySettings>({
  name: 'factory',
  system: 'donuts',
  migrations: {},
  settings: factorySettings,
  endpoints: factoryEndpoints,
  started(ctx) {
    lines.set(ctx, new FactoryLine(() => ctx.settings.get('line.stepMs'), ctx.logger, ctx.clock));
  },
  stopped(ctx) {
    lines.get(ctx)?.stop();
  },
});
