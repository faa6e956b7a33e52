import type { Tracer } from '@opentelemetry/api';
import { uuidv7 } from 'uuidv7';
import type { Bus } from '../messaging/bus.ts';
import type { Envelope } from '../messaging/envelope.ts';
import { handleOnce } from '../messaging/inbox.ts';
import { producerTraceparent } from '../observability/message-spans.ts';
import type { Store, Tx } from '../store/store.ts';
import type { QueueSender } from './define.ts';
import type { OutgoingMessage, QueueMessage, WorkQueues } from './queues.ts';

/**
 * A message sent in a store transaction rides the outbox as an envelope of this type (its subject the dedupe
 * key), so it is sent if, and only if, the transaction commits; the relay hands it to the queues, not the bus.
 */
const QUEUE_TYPE_PREFIX = 'mosaic.queue:';

/** `ctx.queues`: a sender for each queue the service works or sends to. */
export function queueSenders(
  names: readonly string[],
  queues: () => Promise<WorkQueues>,
  tracer: Tracer,
): Record<string, QueueSender> {
  const senders: Record<string, QueueSender> = {};
  for (const name of names) {
    senders[name] = {
      async send(body, options = {}) {
        if (options.tx) {
          const envelope = await options.tx.publish({
            type: `${QUEUE_TYPE_PREFIX}${name}`,
            subject: options.dedupeKey ?? '',
            data: body,
          });
          return envelope.id;
        }
        const traceparent = producerTraceparent(tracer, `send ${name}`, {
          'messaging.operation.type': 'send',
          'messaging.destination.name': name,
        });
        const message: OutgoingMessage = {
          id: uuidv7(),
          body,
          sentAt: new Date().toISOString(),
          ...(options.dedupeKey ? { dedupeKey: options.dedupeKey } : {}),
          ...(traceparent ? { traceparent } : {}),
        };
        await (await queues()).send(name, [message]);
        return message.id;
      },
    };
  }
  return senders;
}

/**
 * The bus the outbox relay publishes to: queue messages written with a transaction go to their queue, events to
 * the bus. Both de-duplicate by id, so the relay's retry after a crash sends each once.
 */
export function relayingToQueues(bus: Bus, queues: () => Promise<WorkQueues>): Bus {
  return {
    async publish(envelopes) {
      const events: Envelope[] = [];
      const byQueue = new Map<string, OutgoingMessage[]>();
      for (const envelope of envelopes) {
        if (!envelope.type.startsWith(QUEUE_TYPE_PREFIX)) {
          events.push(envelope);
          continue;
        }
        const name = envelope.type.slice(QUEUE_TYPE_PREFIX.length);
        const list = byQueue.get(name) ?? [];
        list.push({
          id: envelope.id,
          body: envelope.data,
          sentAt: envelope.time,
          ...(envelope.subject ? { dedupeKey: envelope.subject } : {}),
          ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
        });
        byQueue.set(name, list);
      }
      if (byQueue.size > 0) {
        const port = await queues();
        for (const [name, messages] of byQueue) await port.send(name, messages);
      }
      if (events.length > 0) await bus.publish(events);
    },
    subscribe: (options, handler) => bus.subscribe(options, handler),
    rewind: (group) => bus.rewind(group),
    get deadLetters() {
      return bus.deadLetters;
    },
    close: () => bus.close(),
  };
}

/**
 * Runs `work` at most once per message of the queue: the kit's inbox row (`queue:<name>`, the message id) and the
 * handler's writes share one transaction, so a redelivered message whose work committed is skipped. Effects
 * outside the database (a call to a factory) are the handler's to make idempotent.
 */
export function handleMessageOnce<DB>(
  store: Store<DB>,
  message: QueueMessage,
  work: (tx: Tx<DB>) => Promise<void>,
): Promise<'handled' | 'duplicate'> {
  const envelope: Envelope = {
    id: message.id,
    type: `${QUEUE_TYPE_PREFIX}${message.queue}`,
    source: message.queue,
    subject: message.id,
    time: message.sentAt,
    dataVersion: 1,
    data: message.body,
    ...(message.traceparent ? { traceparent: message.traceparent } : {}),
  };
  return handleOnce(store, `queue:${message.queue}`, envelope, (_event, tx) => work(tx));
}
