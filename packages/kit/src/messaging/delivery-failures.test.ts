import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../observability/logger.ts';
import { failureOf } from './dead-letters.ts';
import { GAVE_UP, persistently, retryInMs } from './delivery-failures.ts';
import { UnhandleableEvent } from './events.ts';

const backoff = { initialMs: 100, maxMs: 1_000 };
const failed = failureOf(new Error('the database is down'));

describe('after a handler fails', () => {
  it('retries with a doubling delay, capped, until the last attempt; then it is time to dead-letter', () => {
    expect(retryInMs(1, 5, backoff, failed)).toBe(100);
    expect(retryInMs(2, 5, backoff, failed)).toBe(200);
    expect(retryInMs(4, 5, backoff, failed)).toBe(800);
    expect(retryInMs(4, 9, backoff, failed)).toBe(800);
    expect(retryInMs(5, 9, backoff, failed)).toBe(1_000);
    expect(retryInMs(5, 5, backoff, failed)).toBeUndefined();
    expect(retryInMs(1, 1, backoff, failed)).toBeUndefined();
  });

  it('dead-letters at once an event no retry can help: its data breaks its schema', () => {
    const unhandleable = failureOf(
      new UnhandleableEvent('OrderPlaced does not match its schema: /qty must be integer'),
    );
    expect(unhandleable).toMatchObject({ final: true, message: expect.stringContaining('/qty must be integer') });
    expect(retryInMs(1, 5, backoff, unhandleable)).toBeUndefined();
  });
});

describe('a bookkeeping write', () => {
  it('is tried again, with a wait, until it lands', async () => {
    const waits: number[] = [];
    const write = vi.fn().mockRejectedValueOnce(new Error('db down')).mockRejectedValueOnce(new Error('db down'));
    write.mockResolvedValue('recorded');
    const result = await persistently(silentLogger(), 'a dead letter', write, {
      keepTrying: () => true,
      wait: async (ms) => void waits.push(ms),
    });
    expect(result).toBe('recorded');
    expect(write).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([100, 200]);
  });

  it('gives up only when the consumer stops, so the work stays unfinished', async () => {
    let stopping = false;
    const result = await persistently(silentLogger(), 'a dead letter', () => Promise.reject(new Error('db down')), {
      keepTrying: () => !stopping,
      wait: async () => {
        stopping = true;
      },
    });
    expect(result).toBe(GAVE_UP);
  });
});
