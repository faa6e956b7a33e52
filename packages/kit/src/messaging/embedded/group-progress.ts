import type { Logger } from 'pino';
import type { BusDb } from './bus-tables.ts';
import { savePosition } from './group-positions.ts';

// Position writes are coalesced: at-least-once plus the inbox make a slightly stale position harmless,
// and one write per burst keeps the single PGlite connection free for handlers.
const PERSIST_DELAY_MS = 200;

export interface ProgressDeps {
  db: BusDb;
  group: string;
  logger: Logger;
  /** False while the group is stopped: no position write is scheduled then. */
  active: () => boolean;
}

/**
 * How far a group got in the log, and its saving to `bus_group`. Every event with seq <= `position` is
 * finished. `pending` holds the seqs read but not finished, in order, so the position can only ever move
 * up to just before the oldest unfinished event, however the subjects finish out of order.
 */
export class GroupProgress {
  private positionNow = 0;
  private saved = 0;
  /** Where the next read of the log starts: every event up to here was read (or skipped, other types). */
  private fetchedTo = 0;
  private pending: number[] = [];
  private readonly finished = new Set<number>();
  private persistTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ProgressDeps) {}

  get position(): number {
    return this.positionNow;
  }

  get fetched(): number {
    return this.fetchedTo;
  }

  /** Events read and not finished yet. */
  get buffered(): number {
    return this.pending.length;
  }

  /** The position moved since it was last saved. */
  get unsaved(): boolean {
    return this.positionNow !== this.saved;
  }

  /** `bus_group` holds `at` (just read at join, or just rewound). */
  savedAt(at: number): void {
    this.saved = at;
  }

  /** Starts counting from `at` with nothing read. */
  restart(at: number): void {
    this.positionNow = at;
    this.fetchedTo = at;
    this.drop();
  }

  /** Forgets what was read and not finished: it is read again from the log on the next start. */
  drop(): void {
    this.pending = [];
    this.finished.clear();
  }

  read(seq: number): void {
    this.pending.push(seq);
  }

  /** Every event up to `seq` was looked at. */
  scannedTo(seq: number): void {
    this.fetchedTo = seq;
    this.advance();
  }

  finish(seq: number): void {
    this.finished.add(seq);
    while (this.pending.length > 0 && this.finished.has(this.pending[0]!)) this.finished.delete(this.pending.shift()!);
    this.advance();
  }

  private advance(): void {
    const next = this.pending.length > 0 ? this.pending[0]! - 1 : this.fetchedTo;
    if (next > this.positionNow) {
      this.positionNow = next;
      this.schedulePersist();
    }
  }

  schedulePersist(): void {
    if (this.persistTimer || !this.deps.active()) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      void this.persist();
    }, PERSIST_DELAY_MS);
    this.persistTimer.unref();
  }

  /** Drops a scheduled write (the group stops; `persist` writes the last position itself). */
  cancelPersist(): void {
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
  }

  /** Saves the position now, after the writes already under way; a failure is logged and retried by the poll. */
  persist(): Promise<void> {
    const { db, group, logger } = this.deps;
    this.saving = this.saving.then(async () => {
      const target = this.positionNow;
      if (target === this.saved) return;
      try {
        await savePosition(db, group, target);
        this.saved = target;
      } catch (err) {
        logger.warn({ err }, `could not save the position of group ${group}; retrying on the next poll`);
      }
    });
    return this.saving;
  }

  /** Resolves once the writes under way are done. */
  settled(): Promise<void> {
    return this.saving;
  }
}
