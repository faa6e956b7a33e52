import { uuidv7 } from 'uuidv7';
import type { DomainEvent } from '../domain/index.ts';

/** CloudEvents-shaped envelope every event travels in (DESIGN §4). */
export interface Envelope<T = unknown> {
  /** UUIDv7: unique and time-ordered, so it doubles as the de-duplication key. */
  id: string;
  type: string;
  /** The service that raised it, e.g. `fishdelivery/order`. */
  source: string;
  /** The correlation key (e.g. the orderId); events of one subject are handled in publish order. */
  subject: string;
  time: string;
  traceparent?: string;
  dataVersion: number;
  data: T;
}

export function wrap<T>(source: string, event: DomainEvent<T>, traceparent?: string): Envelope<T> {
  return {
    id: uuidv7(),
    type: event.type,
    source,
    subject: event.subject,
    time: new Date().toISOString(),
    ...(traceparent ? { traceparent } : {}),
    dataVersion: event.dataVersion ?? 1,
    data: event.data,
  };
}
