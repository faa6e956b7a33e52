import type { BenchSystem, BenchTarget, Runtime } from './system-processes.ts';
import { startDistributed, startEmbedded } from './system-processes.ts';

/** The first supervisor's password: commerce creates `supervisor@benefits.com` with it on its first start. */
export const SUPERVISOR_PASSWORD = 'BenchSuper1!';

/** The bench makes its own shop: no demo data in the way of its stock figures. */
const COMMERCE: BenchTarget = { system: 'commerce', upFlags: ['--no-demo'] };

/** commerce for the bench, in its own process(es), with the supervisor's password chosen. */
export function startCommerce(runtime: Runtime, extraEnv: Record<string, string> = {}): Promise<BenchSystem> {
  const env = { MOSAIC_COMMERCE_SUPERVISOR_PASSWORD: SUPERVISOR_PASSWORD, ...extraEnv };
  return runtime === 'embedded' ? startEmbedded(COMMERCE, env) : startDistributed(COMMERCE, undefined, env);
}
