import type { Logger } from 'pino';
import type { BusDb } from './bus-tables.ts';
import { pendingReplays } from './dead-letter-store.ts';
import { readLog } from './event-log.ts';
import type { GroupProgress } from './group-progress.ts';
import type { LogTail } from './log-tail.ts';
import type { SubjectQueues } from './subject-queues.ts';

export interface LogReaderDeps {
  db: BusDb;
  /** The log's end in memory (shared by the bus's groups). */
  tail: LogTail;
  group: string;
  logger: Logger;
  batchSize: number;
  /** Events read and not finished at most; reading waits above it (see `refill`). */
  maxBuffered: number;
  progress: GroupProgress;
  queues: SubjectQueues;
  /** False while the group is stopped: nothing is read then. */
  active(): boolean;
  /** The group's event types (from its first member). */
  types(): readonly string[];
  /** New work was queued. */
  dispatch(): void;
}

/**
 * Fills a group's queues: events from the log after where the group got, and dead letters whose replay was
 * requested. One read at a time; a wake during a read makes it read once more instead of starting another.
 */
export class LogReader {
  private pumping: Promise<void> | undefined;
  private pumpAgain = false;
  private replayCheck = false;
  /** Reading paused because `maxBuffered` events wait; finishing half of them reads on. */
  private bufferFull = false;

  constructor(private readonly deps: LogReaderDeps) {}

  /** New events may be in the log. */
  wake(): void {
    if (!this.deps.active()) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
    });
  }

  /** Look for requested replays on the next read. */
  checkReplays(): void {
    this.replayCheck = true;
  }

  /** Work finished: read on if reading waited for room. */
  refill(): void {
    if (this.bufferFull && this.deps.progress.buffered <= this.deps.maxBuffered / 2) {
      this.bufferFull = false;
      this.wake();
    }
  }

  /** The group starts over with empty buffers. */
  reset(): void {
    this.bufferFull = false;
  }

  /** Resolves once the read under way (if any) is done. */
  async idle(): Promise<void> {
    await this.pumping;
  }

  private async pump(): Promise<void> {
    do {
      this.pumpAgain = false;
      try {
        if (this.replayCheck) {
          this.replayCheck = false;
          await this.loadReplays();
        }
        await this.readMore();
      } catch (err) {
        // The poll comes back; nothing was taken from the log, so nothing is lost.
        this.deps.logger.warn(
          { err },
          `group ${this.deps.group} could not read the event log; retrying on the next poll`,
        );
        return;
      }
    } while (this.pumpAgain && this.deps.active());
  }

  private async loadReplays(): Promise<void> {
    const { db, group, queues } = this.deps;
    const requests = await pendingReplays(db, group);
    if (!this.deps.active()) return;
    for (const request of requests) queues.addReplay(request);
    this.deps.dispatch();
  }

  private async readMore(): Promise<void> {
    const { db, tail, batchSize, maxBuffered, progress, queues } = this.deps;
    while (this.deps.active() && progress.buffered < maxBuffered) {
      const page = await readLog(db, tail, progress.fetched, this.deps.types(), batchSize);
      if (!this.deps.active()) return;
      for (const entry of page.entries) {
        progress.read(entry.seq);
        queues.add({ kind: 'log', seq: entry.seq, event: entry.event, attempt: 1 });
      }
      progress.scannedTo(page.scannedTo);
      this.deps.dispatch();
      if (!page.more) return;
    }
    if (progress.buffered >= maxBuffered) this.bufferFull = true;
  }
}
