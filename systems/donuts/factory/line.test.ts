import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@mosaic/kit/observability';
import { waitFor } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FactoryLine } from './line.ts';

describe('the legacy factory line', () => {
  const calls: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    request.on('end', () => {
      calls.push(body);
      response.writeHead(200).end('{}');
    });
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/back`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('moves a job 준비 → 생산 → 포장 → 종료, one step per interval, then calls back once with the request', async () => {
    const line = new FactoryLine(
      () => 40,
      silentLogger(),
      () => new Date(),
    );
    const request = { MessageAttributeProductId: 'CP-502101', OrderStockCnt: 10, CallbackUrl: url };
    const job = line.start(request);
    expect([job.code, job.msg]).toEqual([2, '준비']);
    const seen = new Set<string>();
    await waitFor(
      () => {
        seen.add(job.msg);
        return job.callback === '200' || undefined;
      },
      { what: 'the callback', intervalMs: 5 },
    );
    expect([...seen]).toEqual(['준비', '생산', '포장', '종료']);
    expect(calls.map((c) => JSON.parse(c))).toEqual([request]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls).toHaveLength(1);
    line.stop();
  });

  it('starts a new job for every order, even a repeated one (it has no idempotency), and stops cleanly', async () => {
    const line = new FactoryLine(
      () => 60_000,
      silentLogger(),
      () => new Date(),
    );
    const order = { MessageGroupId: 'same', CallbackUrl: 'ftp://not-called' };
    const [a, b] = [line.start(order), line.start(order)];
    expect(a.id).not.toBe(b.id);
    expect(a.callback).toBe('no CallbackUrl');
    expect(line.list().map((j) => j.id)).toEqual([b.id, a.id]);
    line.stop();
  });
});
