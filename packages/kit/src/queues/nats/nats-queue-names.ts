import { natsToken } from '../../messaging/nats/nats-names.ts';

/**
 * How the NATS queues name things; every process of a system must agree, so these are pure functions.
 *
 *   work stream   MOSAIC_<system>_Q_<queue>       retention workqueue, subject mosaic.<system>.queue.<queue>
 *   consumer      workers                          durable, shared by every worker of the queue
 *   dead letters  MOSAIC_<system>_QDLQ_<queue>     retention limits, subject mosaic.<system>.queuedlq.<queue>
 *
 * The subjects sit beside the bus's `mosaic.<system>.events.>` and `.replay.>`, never under them.
 */
export const queueNames = (system: string, queue: string) => {
  const s = natsToken(system);
  const q = natsToken(queue);
  return {
    stream: `MOSAIC_${s}_Q_${q}`,
    subject: `mosaic.${s}.queue.${q}`,
    deadStream: `MOSAIC_${s}_QDLQ_${q}`,
    deadSubject: `mosaic.${s}.queuedlq.${q}`,
    consumer: 'workers',
  };
};

export const HEADER = {
  id: 'Mosaic-Message-Id',
  sentAt: 'Mosaic-Sent-At',
  traceparent: 'traceparent',
  /** How many times the message was redriven: part of the dedupe ids of its later lives. */
  redrives: 'Mosaic-Redrives',
  error: 'Mosaic-Error',
  receives: 'Mosaic-Receives',
  failedAt: 'Mosaic-Failed-At',
} as const;
