export type {
  Bus,
  DeadLetter,
  DeadLetters,
  Delivery,
  EventHandler,
  SubscribeOptions,
  Subscription,
} from './bus.ts';
export { createEmbeddedBus, type EmbeddedBusOptions } from './embedded-bus.ts';
export { type Envelope, wrap } from './envelope.ts';
export { handleOnce } from './inbox.ts';
export { createNatsBus, DEFAULT_PARTITIONS, type NatsBusOptions } from './nats-bus.ts';
export { connectNats, type NatsConnectOptions } from './nats-connection.ts';
export { removeNatsSystem } from './nats-stream.ts';
export { type Relay, type RelayOptions, startRelay } from './relay.ts';
