import type { Envelope } from '../envelope.ts';
import type { ReplayRequest } from './dead-letter-store.ts';

/** A unit of work: an event from the log, or a dead letter handed back by `replay`. */
export type Work =
  | { kind: 'log'; seq: number; event: Envelope; attempt: number }
  | { kind: 'replay'; deadLetterId: string; event: Envelope; attempt: number };

/**
 * A group's work in this process, one queue per subject. Only the head of a queue is ever running or waiting
 * for a retry, which is what keeps one subject strictly in order while other subjects proceed. `ready` lists
 * the subjects whose head may run now, oldest first.
 */
export class SubjectQueues {
  private readonly subjects = new Map<string, Work[]>();
  private ready: string[] = [];
  /** Dead letters already queued, so a replay asked for twice runs once. */
  private readonly replaysQueued = new Set<string>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();

  /** @param open false once the group stopped: a retry that comes due then is dropped. */
  constructor(private readonly open: () => boolean) {}

  add(work: Work): void {
    const queue = this.subjects.get(work.event.subject);
    if (queue) queue.push(work);
    else {
      this.subjects.set(work.event.subject, [work]);
      this.ready.push(work.event.subject);
    }
  }

  /** Queues a dead letter handed back by `replay`, unless it is queued already. */
  addReplay(request: ReplayRequest): void {
    if (this.replaysQueued.has(request.id)) return;
    this.replaysQueued.add(request.id);
    this.add({ kind: 'replay', deadLetterId: request.id, event: request.event, attempt: 1 });
  }

  hasReady(): boolean {
    return this.ready.length > 0;
  }

  /** The head of the next ready subject, taken off the ready list (it stays at the head of its queue). */
  take(): { subject: string; work: Work } | undefined {
    while (this.ready.length > 0) {
      const subject = this.ready.shift()!;
      const work = this.subjects.get(subject)?.[0];
      if (work) return { subject, work };
    }
    return undefined;
  }

  /** The head of `subject` is finished: the next one of that subject may run. */
  finish(subject: string, work: Work): void {
    const queue = this.subjects.get(subject);
    queue?.shift();
    if (queue && queue.length > 0) this.ready.push(subject);
    else this.subjects.delete(subject);
    if (work.kind === 'replay') this.replaysQueued.delete(work.deadLetterId);
  }

  /** Runs the head of `subject` again after `delayMs`, before newcomers: it has waited long enough. */
  retryLater(subject: string, work: Work, delayMs: number, due: () => void): void {
    work.attempt++;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      if (!this.open()) return;
      this.ready.unshift(subject);
      due();
    }, delayMs);
    this.retryTimers.add(timer);
  }

  /** Drops the retries waiting: that work stays unfinished and is read again from the log on the next start. */
  cancelRetries(): void {
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
  }

  clear(): void {
    this.subjects.clear();
    this.ready = [];
    this.replaysQueued.clear();
  }
}
