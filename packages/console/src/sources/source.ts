import type { OperatorTokens } from '@mosaic/kit/auth';
import type { SystemDefinition } from '@mosaic/kit/runtime';

/** A process the console reaches over HTTP: a service instance or a gateway. */
export interface ProcessAddress {
  id: string;
  url: string;
  /** As the registry says (services); gateways are asked (`/readyz`). */
  ready: boolean;
}

/**
 * Where the console learns what runs and how to speak to it as an operator. Two implementations: embedded
 * (the systems running in this process) and distributed (the NATS KV registry, the supervisor's gateways).
 * Everything else the console reads over HTTP from the processes themselves, the same in both runtimes.
 */
export interface ConsoleSource {
  readonly runtime: 'embedded' | 'distributed';
  /** The systems' definitions: their services, route tables, sagas and queues. */
  systems(): readonly SystemDefinition[];
  /** The instances of one service known now, ready or not. */
  instances(system: string, service: string): readonly ProcessAddress[];
  /** The system's gateways that listen now (none while it starts). */
  gateways(system: string): readonly ProcessAddress[];
  /** The system's operator tokens: issued to call the operator routes, and to check who calls the console. */
  operators(system: string): Promise<OperatorTokens>;
  close(): Promise<void>;
}
