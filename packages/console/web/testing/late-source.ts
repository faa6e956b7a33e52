import type { ConsoleSource } from '../../src/sources/source.ts';

/**
 * The console starts before the system it shows (as under `mosaic up`): the processes must be told where to
 * export their spans before their first tracer is made. Until the system is attached the console sees nothing
 * running; after, every call goes to the real source.
 */
export function lateSource(): { source: ConsoleSource; attach(real: ConsoleSource): void } {
  let real: ConsoleSource | undefined;
  const source: ConsoleSource = {
    runtime: 'embedded',
    systems: () => real?.systems() ?? [],
    instances: (system, service) => real?.instances(system, service) ?? [],
    gateways: (system) => real?.gateways(system) ?? [],
    operators(system) {
      if (!real) throw new Error(`no system runs yet, so none has operators (asked for ${system})`);
      return real.operators(system);
    },
    close: async () => real?.close(),
  };
  return {
    source,
    attach(given) {
      real = given;
    },
  };
}
