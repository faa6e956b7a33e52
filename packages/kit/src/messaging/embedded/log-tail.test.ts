import { describe, expect, it } from 'vitest';
import { LogTail, type TailEntry } from './log-tail.ts';

const entry = (seq: number, type: string): TailEntry => ({
  seq,
  type,
  envelope: JSON.stringify({ id: `e${seq}`, type, subject: 's', data: {} }),
});

describe('LogTail', () => {
  it('serves the events after a position from memory, filtered by type, up to the head', () => {
    const tail = new LogTail(10);
    tail.appended([entry(11, 'A'), entry(12, 'B'), entry(14, 'A')]);
    expect(tail.head).toBe(14);
    const page = tail.read(10, ['A'], 100);
    expect(page?.entries.map((e) => [e.seq, e.event.type])).toEqual([
      [11, 'A'],
      [14, 'A'],
    ]);
    expect(page).toMatchObject({ scannedTo: 14, more: false });
    expect(tail.read(12, ['B'], 100)).toEqual({ entries: [], scannedTo: 14, more: false });
  });

  it('stops at the limit and says there is more, scanned only to the last event given', () => {
    const tail = new LogTail(0);
    tail.appended([entry(1, 'A'), entry(2, 'A'), entry(3, 'A')]);
    expect(tail.read(0, ['A'], 2)).toMatchObject({ scannedTo: 2, more: true });
  });

  it('sends a reader back to the table for events older than it holds', () => {
    const tail = new LogTail(100);
    expect(tail.read(99, ['A'], 10)).toBeUndefined();
    const many = Array.from({ length: 10_000 }, (_, i) => entry(101 + i, 'A'));
    tail.appended(many);
    expect(tail.head).toBe(10_100);
    expect(tail.read(100, ['A'], 10)).toBeUndefined();
    expect(tail.read(10_000, ['A'], 1_000)?.entries).toHaveLength(100);
  });

  it('gives each reader its own copy of an event', () => {
    const tail = new LogTail(0);
    tail.appended([entry(1, 'A')]);
    const first = tail.read(0, ['A'], 1)?.entries[0]?.event as unknown as { data: Record<string, unknown> };
    first.data.changed = true;
    expect(tail.read(0, ['A'], 1)?.entries[0]?.event).not.toHaveProperty('data.changed');
  });
});
