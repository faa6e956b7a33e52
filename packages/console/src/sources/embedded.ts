import type { RunningSystem, Runtime } from '@mosaic/kit/runtime';
import type { ConsoleSource } from './source.ts';

export interface EmbeddedSourceOptions {
  /** The runtime the systems run on; a function when the console starts before it exists (tests). */
  runtime: Runtime | (() => Runtime | undefined);
  /** Read at each use: the console starts before the systems, and they join as they come up. */
  systems: () => readonly RunningSystem[];
}

/**
 * The systems `mosaic up` runs in this process. The console starts before them: their processes must know
 * where to send traces when they start.
 */
export function embeddedSource(options: EmbeddedSourceOptions): ConsoleSource {
  const runtimeNow = () => (typeof options.runtime === 'function' ? options.runtime() : options.runtime);
  const running = (system: string) => options.systems().find((s) => s.definition.name === system);
  return {
    runtime: 'embedded',
    systems: () => options.systems().map((s) => s.definition),
    instances: (system, service) =>
      (runtimeNow()?.registry.instances(system, service) ?? []).map(({ id, url, ready }) => ({ id, url, ready })),
    gateways(system) {
      const found = running(system);
      return found ? [{ id: `${system}-gateway`, url: found.gatewayUrl, ready: found.gateway.server.listening }] : [];
    },
    async operators(system) {
      const runtime = runtimeNow();
      if (!runtime) throw new Error(`${system} is not running yet`);
      return (await runtime.systemKeys(system)).operators;
    },
    // The runtime is the caller's (`mosaic up` closes it after the systems).
    close: async () => {},
  };
}
