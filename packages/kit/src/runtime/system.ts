import type { Identity } from '../auth/vouch.ts';
import type { GatewayConfig } from '../gateway/index.ts';
import type { ServiceDefinition } from '../service/define.ts';

/** A system: its services with their usual ports, and its gateway (route table, auth, limits, error body). */
export interface SystemDefinition {
  name: string;
  /** One line a person reads in the start-up table. */
  title: string;
  gateway: GatewayConfig & { port: number };
  services: readonly { definition: ServiceDefinition<any, any>; port: number }[];
  /**
   * Demo data for a newcomer, run by `mosaic up` (embedded or distributed) once the whole system is ready
   * (skipped with --no-demo); what it returns (e.g. the demo logins) is printed for the person who started it.
   */
  demo?(system: SystemAddresses): Promise<string | undefined>;
  /**
   * The demo's callers, signed in: role → `Authorization` header value. Tests that must act as every role (the
   * hostile-input sweep) use it, so a new system is covered without test code of its own.
   */
  demoCallers?(system: SystemAddresses): Promise<Readonly<Record<string, string>>>;
}

/** Where a running system listens, in either runtime: what a demo seeds it through. */
export interface SystemAddresses {
  readonly gatewayUrl: string;
  /** One instance of each service that is running. */
  readonly services: ReadonlyMap<string, { readonly url: string }>;
  /** Headers that let a request straight to a service speak for `identity` (services believe nothing else). */
  vouchedHeaders(identity: Identity): Record<string, string>;
}

export function defineSystem(system: SystemDefinition): SystemDefinition {
  const names = new Set<string>();
  for (const { definition } of system.services) {
    if (definition.system !== system.name) {
      throw new Error(`service ${definition.name} belongs to ${definition.system}, not ${system.name}`);
    }
    if (names.has(definition.name)) throw new Error(`service ${definition.name} is declared twice in ${system.name}`);
    names.add(definition.name);
  }
  for (const route of system.gateway.routes) {
    if (!names.has(route.service)) {
      throw new Error(`gateway route ${route.path} of ${system.name} names unknown service ${route.service}`);
    }
  }
  return system;
}
