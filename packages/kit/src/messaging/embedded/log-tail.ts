import type { Envelope } from '../envelope.ts';

export interface LogEntry {
  seq: number;
  event: Envelope;
}

export interface LogPage {
  /** Events of the wanted types, in publish order. */
  entries: LogEntry[];
  /** Every event up to here was looked at (those of other types included), so a group may skip past them. */
  scannedTo: number;
  /** True when the page was full: there may be more to read right away. */
  more: boolean;
}

export interface TailEntry {
  seq: number;
  type: string;
  /** The envelope as stored: each reader parses its own copy, so no handler sees another's changes. */
  envelope: string;
}

/** Recent events kept in memory; older ones are read from the log table. */
const KEPT = 4_096;

/**
 * The end of the event log, in this process's memory. The embedded bus is the log's only writer (one bus
 * per database), and it appends one publish at a time, so it always knows the head and every event after
 * `coveredFrom` without asking PGlite: a group that is caught up, the usual case, reads its next events here
 * instead of two queries per wake (`max(seq)`, then the page). A group further behind reads the table.
 */
export class LogTail {
  private entries: TailEntry[] = [];
  private headSeq: number;
  /** Every event with a seq above this one is in `entries`. */
  private coveredFrom: number;

  constructor(head: number) {
    this.headSeq = head;
    this.coveredFrom = head;
  }

  /** The last seq in the log. */
  get head(): number {
    return this.headSeq;
  }

  /** Called once the rows are committed, in seq order (the bus appends one publish at a time). */
  appended(rows: readonly TailEntry[]): void {
    for (const row of rows) {
      this.entries.push(row);
      if (row.seq > this.headSeq) this.headSeq = row.seq;
    }
    if (this.entries.length > KEPT * 2) {
      const dropped = this.entries.splice(0, this.entries.length - KEPT);
      this.coveredFrom = dropped[dropped.length - 1]!.seq;
    }
  }

  /** The page after `after` from memory, or undefined when some of it is older than what is kept. */
  read(after: number, types: readonly string[], limit: number): LogPage | undefined {
    if (after < this.coveredFrom) return undefined;
    const wanted = new Set(types);
    const entries: LogPage['entries'] = [];
    for (let i = this.firstAfter(after); i < this.entries.length; i++) {
      const row = this.entries[i]!;
      if (!wanted.has(row.type)) continue;
      entries.push({ seq: row.seq, event: JSON.parse(row.envelope) });
      if (entries.length === limit) return { entries, scannedTo: row.seq, more: true };
    }
    return { entries, scannedTo: this.headSeq, more: false };
  }

  /** The index of the first entry with a seq above `after` (entries are in seq order). */
  private firstAfter(after: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.entries[middle]!.seq <= after) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
