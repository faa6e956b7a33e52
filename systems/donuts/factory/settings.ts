import { Type } from '@mosaic/kit/http';
import type { ServiceContext } from '@mosaic/kit/service';

/** The slowest the factory may be set to accept an order (its gateway route waits that long). */
export const INTAKE_DELAY_MAX_MS = 60_000;

export const factorySettings = {
  'line.stepMs': Type.Integer({
    minimum: 1,
    maximum: 600_000,
    default: 10_000,
    description: "each step of a job, and the wait before its callback (the KBDS factory's 10 s)",
  }),
  'intake.delayMs': Type.Integer({
    minimum: 0,
    maximum: INTAKE_DELAY_MAX_MS,
    default: 0,
    description:
      "how long the factory takes to accept an order before it answers (the seed's legacy API: 1,000 + 4,000 ms)",
  }),
};

export type FactoryContext = ServiceContext<unknown, never, typeof factorySettings>;
