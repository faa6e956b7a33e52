import { type Attributes, context, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { contextOfTraceparent, traceparentOf } from './tracing.ts';

/**
 * A producer span for a message about to be sent (an event into the outbox, a work-queue message), child of
 * the work in progress; its `traceparent` rides in the message. It ends at once: the send is part of the
 * caller's own span, and the message's handling is a child of this one, however much later it comes.
 */
export function producerTraceparent(tracer: Tracer, name: string, attributes: Attributes): string | undefined {
  const span = tracer.startSpan(name, { kind: SpanKind.PRODUCER, attributes });
  const traceparent = traceparentOf(span);
  span.end();
  return traceparent;
}

/**
 * Runs the handling of one message (an event for a consumer group, a work-queue message) in a consumer span that
 * continues the message's trace, so its logs, calls and the messages it sends join that trace too.
 */
export function inConsumerSpan<T>(
  tracer: Tracer,
  name: string,
  traceparent: string | undefined,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  const parent = contextOfTraceparent(traceparent);
  const span = tracer.startSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent);
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      const result = await work();
      if (typeof result === 'string') span.setAttribute('mosaic.outcome', result);
      return result;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** What a consumer span of an event says about it: its group, type, id and subject. */
export function eventAttributes(group: string, event: { id: string; type: string; subject: string }): Attributes {
  return {
    'messaging.operation.type': 'process',
    'messaging.consumer.group.name': group,
    'messaging.destination.name': event.type,
    'messaging.message.id': event.id,
    'mosaic.subject': event.subject,
  };
}
