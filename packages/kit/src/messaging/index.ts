export type {
  Bus,
  DeadLetter,
  DeadLetters,
  Delivery,
  EventHandler,
  SubscribeOptions,
  Subscription,
} from './bus.ts';
export { createEmbeddedBus, type EmbeddedBusOptions } from './embedded/embedded-bus.ts';
export { type Envelope, wrap } from './envelope.ts';
export {
  defineEvents,
  type EventCatalog,
  type EventOf,
  type EventSchemas,
  on,
  type Policy,
  policyGroup,
  UnhandleableEvent,
} from './events.ts';
export { forgetHandled, handleOnce } from './inbox.ts';
export { createNatsBus, DEFAULT_PARTITIONS, type NatsBusOptions } from './nats/nats-bus.ts';
export { connectNats, type NatsConnectOptions } from './nats/nats-connection.ts';
export { removeNatsSystem } from './nats/nats-stream.ts';
export type { OutboxEntry } from './outbox-admin-routes.ts';
export { type Relay, type RelayOptions, startRelay } from './relay.ts';
