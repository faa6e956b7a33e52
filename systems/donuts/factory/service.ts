import { Type } from '@mosaic/kit/http';
import { defineService, type ServiceContext } from '@mosaic/kit/service';
import { factoryEndpoints } from './endpoints.ts';
import { FactoryLine, lines } from './line.ts';

export const factorySettings = {
  'line.stepMs': Type.Integer({
    minimum: 1,
    maximum: 600_000,
    default: 10_000,
    description: "each step of a job, and the wait before its callback (the KBDS factory's 10 s)",
  }),
};

export type FactoryContext = ServiceContext<unknown, never, typeof factorySettings>;

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
