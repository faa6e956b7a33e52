export type { QueueSender, QueueWorker } from './define.ts';
export { checkQueueWorker } from './define.ts';
export { createEmbeddedQueues, type EmbeddedQueuesOptions } from './embedded/embedded-queues.ts';
export { createNatsQueues, type NatsQueuesOptions, removeNatsQueues } from './nats/nats-queues.ts';
export type {
  Lease,
  OutgoingMessage,
  PeekedMessage,
  QueueDeadLetter,
  QueueMessage,
  QueueSpec,
  QueueStats,
  WorkQueues,
} from './queues.ts';
export { handleMessageOnce } from './send.ts';
export { HandlerDeadlineExceeded } from './worker.ts';
