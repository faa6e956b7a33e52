import type { SystemDefinition } from '@mosaic/kit/runtime';
import { UsageError } from '../systems.ts';

/** One process the supervisor keeps running. */
export interface ProcessSpec {
  /** `fishdelivery/store#2`, `fishdelivery/gateway`: what the status table shows. */
  name: string;
  /** Arguments after `main.ts`: `run fishdelivery/store` or `gateway fishdelivery`. */
  args: string[];
  /** MOSAIC_PORT for the child: 0 for services (discovery finds them), the declared port for gateways. */
  port: number;
  kind: 'service' | 'gateway';
  system: string;
  /** The service a replica runs; undefined for a gateway. */
  service?: string;
}

/**
 * `store=2,payment=2` (or `fishdelivery/store=2`) → replicas per `system/service`. Unknown services and
 * counts that are not whole numbers ≥ 1 are refused, naming what is known.
 */
export function parseReplicas(text: string | undefined, systems: readonly SystemDefinition[]): Map<string, number> {
  const replicas = new Map<string, number>();
  if (!text) return replicas;
  for (const part of text.split(',').filter(Boolean)) {
    const [name, count] = part.split('=');
    const n = Number(count);
    if (!name || !Number.isInteger(n) || n < 1) {
      throw new UsageError(`--replicas expects service=count (count ≥ 1), e.g. store=2,payment=2; got "${part}"`);
    }
    const matches = systems.flatMap((system) =>
      system.services
        .filter((s) => name === s.definition.name || name === `${system.name}/${s.definition.name}`)
        .map((s) => `${system.name}/${s.definition.name}`),
    );
    if (matches.length === 0) {
      const known = systems.flatMap((s) => s.services.map((x) => `${s.name}/${x.definition.name}`)).join(', ');
      throw new UsageError(`--replicas names "${name}", which is not a service of the chosen systems (${known})`);
    }
    if (matches.length > 1)
      throw new UsageError(`--replicas "${name}" is ambiguous (${matches.join(', ')}): name the system`);
    replicas.set(matches[0] as string, n);
  }
  return replicas;
}

/** Every service replica of every system, then each system's gateway (started last, stopped first). */
export function planProcesses(
  systems: readonly SystemDefinition[],
  replicas: ReadonlyMap<string, number>,
  options: { ephemeralGateways: boolean },
): ProcessSpec[] {
  const specs: ProcessSpec[] = [];
  for (const system of systems) {
    for (const { definition } of system.services) {
      const target = `${system.name}/${definition.name}`;
      const count = replicas.get(target) ?? 1;
      for (let i = 1; i <= count; i++) {
        specs.push({
          name: count > 1 ? `${target}#${i}` : target,
          args: ['run', target],
          port: 0,
          kind: 'service',
          system: system.name,
          service: definition.name,
        });
      }
    }
  }
  for (const system of systems) {
    specs.push({
      name: `${system.name}/gateway`,
      args: ['gateway', system.name],
      port: options.ephemeralGateways ? 0 : system.gateway.port,
      kind: 'gateway',
      system: system.name,
    });
  }
  return specs;
}
