import { describe, expect, it } from 'vitest';
import { createInstanceBreaker } from './breaker.ts';
import { UpstreamUnreachableError } from './errors.ts';
import type { AnswerHead } from './response.ts';

const options = { failures: 2, halfOpenAfterMs: 50 };
const answer = (status: number): AnswerHead => ({ status, headers: {} });
const target = { system: 'fishdelivery', service: 'payment' };
const refused = () =>
  new UpstreamUnreachableError(
    target,
    { id: 'payment-1', url: 'http://127.0.0.1:1' },
    Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  );

describe("a breaker's report", () => {
  it('has no story while it never changed: closed, no since, no reason', async () => {
    const breaker = createInstanceBreaker(options, { onOpen() {}, onClose() {} });
    await breaker.execute(async () => answer(200));
    expect(breaker.report(Date.now())).toEqual({ state: 'closed', since: null, reason: null });
  });

  it('says when it opened and what tripped it, then half-open after the wait, then closed again with the reason kept', async () => {
    const breaker = createInstanceBreaker(options, { onOpen() {}, onClose() {} });
    const before = Date.now();
    await breaker.execute(async () => answer(503));
    await breaker.execute(async () => answer(502));
    const open = breaker.report(Date.now());
    expect(open.state).toBe('open');
    expect(open.since).toBeGreaterThanOrEqual(before);
    expect(open.reason).toBe('2 failures in a row, the last: an answer with status 502');

    await new Promise((resolve) => setTimeout(resolve, options.halfOpenAfterMs + 10));
    const halfOpen = breaker.report(Date.now());
    expect(halfOpen).toMatchObject({ state: 'half-open', since: (open.since ?? 0) + options.halfOpenAfterMs });

    await breaker.execute(async () => answer(200));
    const closed = breaker.report(Date.now());
    expect(closed.state).toBe('closed');
    expect(closed.since).toBeGreaterThanOrEqual(halfOpen.since ?? 0);
    expect(closed.reason).toBe(open.reason);
  });

  it('names the error when a failure to reach the instance tripped it', async () => {
    const breaker = createInstanceBreaker(options, { onOpen() {}, onClose() {} });
    for (let i = 0; i < 2; i++) {
      await breaker.execute(() => Promise.reject(refused())).catch(() => undefined);
    }
    const report = breaker.report(Date.now());
    expect(report.state).toBe('open');
    expect(report.reason).toMatch(/^2 failures in a row, the last: .*payment/);
  });
});
