import type { Identity } from '../auth/vouch.ts';
import type { GatewayConfig } from '../gateway/index.ts';
import { gatewayRoutesOf } from '../gateway/service-routes.ts';
import type { EventCatalog, EventSchemas } from '../messaging/events.ts';
import type { AnyService } from '../service/define.ts';

/** A system as declared in its `system.ts`: its services with their usual ports, and its gateway's options. */
export interface SystemDeclaration {
  name: string;
  /** One line a person reads in the start-up table. */
  title: string;
  /** Auth, limits, error body…; the route table is derived from the services' endpoints. */
  gateway: Omit<GatewayConfig, 'routes'> & { port: number };
  services: readonly { definition: AnyService; port: number }[];
  /** The events its services exchange (`contracts/events.ts`): every policy must handle only these. */
  events?: EventCatalog<EventSchemas>;
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

/** A declared system with what the kit derives from it: the gateway's route table. */
export interface SystemDefinition extends SystemDeclaration {
  gateway: GatewayConfig & { port: number };
}

export function defineSystem(declaration: SystemDeclaration): SystemDefinition {
  const routes = gatewayRoutesOf(declaration.services.map((s) => s.definition));
  const system: SystemDefinition = { ...declaration, gateway: { ...declaration.gateway, routes } };
  const names = new Set<string>();
  for (const { definition } of system.services) {
    if (definition.system !== system.name) {
      throw new Error(`service ${definition.name} belongs to ${definition.system}, not ${system.name}`);
    }
    if (names.has(definition.name)) throw new Error(`service ${definition.name} is declared twice in ${system.name}`);
    names.add(definition.name);
  }
  const services = system.services.map((s) => s.definition);
  checkSagas(services);
  checkQueueTargets(system.name, services);
  if (system.events) checkPolicies(system.name, system.events, services);
  return system;
}

/**
 * Every saga's map must match its services: its owner keeps it, each step's participant handles the event that
 * starts it (or, for a call, the owner has a client for it), and each participant that compensates handles
 * the saga's cancel. Checked when the system is defined, so a renamed event fails the start, not an order.
 */
function checkSagas(services: readonly AnyService[]): void {
  const byName = new Map(services.map((s) => [s.name, s]));
  const handles = (service: AnyService, event: string) =>
    Object.values(service.policies ?? {}).some((policy) => policy.on.includes(event));
  for (const owner of services) {
    for (const { saga } of owner.sagas ?? []) {
      const where = `saga ${saga.name}`;
      if (saga.owner !== owner.name) throw new Error(`${where} is owned by ${saga.owner}, but ${owner.name} keeps it`);
      for (const step of saga.steps) {
        const participant = byName.get(step.by);
        if (!participant) throw new Error(`${where}: step ${step.name} names unknown service ${step.by}`);
        if (step.call) {
          const clients = Object.entries(owner.clients ?? {}).map(([name, c]) => c.service ?? name);
          if (!clients.includes(step.by)) {
            throw new Error(
              `${where}: step ${step.name} is a call to ${step.by}, but ${owner.name} has no client for it`,
            );
          }
        } else if (!handles(participant, step.on)) {
          throw new Error(`${where}: ${step.by} does not handle ${step.on}, which starts step ${step.name}`);
        }
        if (step.compensate && !handles(participant, saga.cancelledBy)) {
          throw new Error(`${where}: ${step.by} compensates ${step.name} but does not handle ${saga.cancelledBy}`);
        }
      }
    }
  }
}

/** A queue a service sends to must be worked by a service of the system, or its messages would wait forever. */
function checkQueueTargets(system: string, services: readonly AnyService[]): void {
  const worked = new Set(services.flatMap((s) => Object.keys(s.queues ?? {})));
  for (const service of services) {
    const missing = (service.sendsTo ?? []).filter((queue) => !worked.has(queue));
    if (missing.length > 0) {
      throw new Error(
        `${system}/${service.name} sends to queue ${missing.join(', ')}, which no service of ${system} works; ` +
          "declare it in the working service's queues",
      );
    }
  }
}

/** A policy that names an event the system does not declare would wait for something that never comes. */
function checkPolicies(system: string, events: EventCatalog<EventSchemas>, services: readonly AnyService[]): void {
  for (const service of services) {
    for (const [name, policy] of Object.entries(service.policies ?? {})) {
      const unknown = policy.on.filter((type) => !(type in events.schemas));
      if (unknown.length > 0) {
        throw new Error(
          `${system}/${service.name} policy ${name} handles ${unknown.join(', ')}, not events of ${system}`,
        );
      }
    }
  }
}
