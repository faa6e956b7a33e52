import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import type { DomainEvent } from '../domain/index.ts';
import type { Tx } from '../store/store.ts';
import type { Envelope } from './envelope.ts';

/** A system's events by name, each with the TypeBox schema of its data: its `contracts/events.ts`. */
export type EventSchemas = Readonly<Record<string, TSchema>>;

/** The events of a system, declared once: their schemas, how each names its subject, and checkers for both. */
export interface EventCatalog<S extends EventSchemas> {
  readonly schemas: S;
  /** A domain event ready for `tx.publish`, typed by its name; the subject comes from the catalog's rule. */
  event<K extends keyof S & string>(type: K, data: Static<S[K]>): DomainEvent<Static<S[K]>>;
  /** What is wrong with an event's data, or undefined when it matches its schema. */
  problemWith(type: string, data: unknown): string | undefined;
}

/** An envelope whose data is the event its type names, already checked against the schema. */
export type EventOf<S extends EventSchemas, K extends keyof S> = Omit<Envelope, 'type' | 'data'> & {
  type: K;
  data: Static<S[K]>;
};

const ajv = new Ajv({ allErrors: false, strict: false });

/**
 * Declares a system's events. `subject` names each event's correlation key from its data (fishdelivery: the
 * orderId), so no publisher picks it by hand and one subject's events keep their order.
 */
export function defineEvents<S extends EventSchemas>(
  schemas: S,
  options: { subject: (type: keyof S & string, data: Static<S[keyof S]>) => string },
): EventCatalog<S> {
  const validators = new Map<string, ValidateFunction>();
  for (const [type, schema] of Object.entries(schemas)) validators.set(type, ajv.compile(schema));
  return {
    schemas,
    event: (type, data) => ({ type, subject: options.subject(type, data), data }),
    problemWith(type, data) {
      const validate = validators.get(type);
      if (!validate) return `${type} is not an event of this system`;
      if (validate(data)) return undefined;
      return (validate.errors ?? []).map((e) => `${e.instancePath || 'data'} ${e.message ?? 'is invalid'}`).join('; ');
    },
  };
}

/**
 * "Whenever <event> then …": an inbound event adapter. Its handler runs in a transaction with the inbox check
 * and receives the event's data checked against its schema; an event whose data does not match goes to the
 * dead letters with the reason, never into the handler.
 */
export interface Policy<DB, Ctx> {
  readonly on: readonly string[];
  /** The durable consumer group; default `<service>.<policy name>`. */
  readonly group?: string;
  readonly maxAttempts?: number;
  /** Why the event cannot be handled (its data breaks its schema), or undefined. */
  check(event: Envelope): string | undefined;
  handle(event: Envelope, tx: Tx<DB>, ctx: Ctx): Promise<void>;
}

/** One handler per event name, each given the event typed from the catalog. */
export type EventHandlers<S extends EventSchemas, DB, Ctx> = {
  readonly [K in keyof S]?: (event: EventOf<S, K>, tx: Tx<DB>, ctx: Ctx) => Promise<unknown>;
};

/**
 * A policy for the events named in `handlers`. They share one consumer group, so the events of one subject
 * reach it in publish order (store: PayApproved before a later OrderCanceled).
 */
export function on<S extends EventSchemas, DB, Ctx>(
  catalog: EventCatalog<S>,
  handlers: EventHandlers<S, DB, Ctx>,
  options: { group?: string; maxAttempts?: number } = {},
): Policy<DB, Ctx> {
  const types = Object.keys(handlers);
  for (const type of types) {
    if (!(type in catalog.schemas))
      throw new Error(`a policy handles ${type}, which the system's events do not declare`);
  }
  return {
    on: types,
    ...options,
    check: (event) => catalog.problemWith(event.type, event.data),
    async handle(event, tx, ctx) {
      const handler = handlers[event.type as keyof S];
      if (!handler) return;
      await handler(event as EventOf<S, keyof S>, tx, ctx);
    },
  };
}

export function policyGroup(service: string, policyName: string, policy: { group?: string }): string {
  return policy.group ?? `${service}.${policyName}`;
}

/**
 * An event no retry can help: its data breaks its schema. The consumer puts it in the dead letters with this
 * reason at once instead of retrying it.
 */
export class UnhandleableEvent extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnhandleableEvent';
  }
}
