import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSystem, waitFor } from '@mosaic/kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { Order } from '../order/domain.ts';
import { fishdelivery } from '../system.ts';
import { myPageStatus, rowFor } from './fixtures.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'mosaic-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts the child, waits for its order ids, then kills it with SIGKILL: no shutdown hook runs. */
async function placeOrdersThenKill(orders: number): Promise<number[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts'), dataDir, String(orders)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  const line = await waitFor(() => out.includes('\n') && out.split('\n')[0], {
    what: `the child to place its orders (stderr: ${err})`,
    // A child opens its PGlite on disk and starts four services: tens of seconds on a busy 2-core machine.
    timeoutMs: 60_000,
  }).catch((error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}; stderr: ${err}`);
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return (JSON.parse(line) as { orderIds: number[] }).orderIds;
}

describe('a crash between commit and relay', () => {
  it('loses no event: after a restart every outbox row is relayed and handled', async () => {
    const orderIds = await placeOrdersThenKill(5);
    expect(orderIds).toHaveLength(5);

    const system = await startTestSystem(fishdelivery, { dataDir });
    try {
      for (const orderId of orderIds) {
        expect((await system.http.get<Order>(`/orders/${orderId}`)).body.status).toBe('PAID');
        await myPageStatus(system.http, orderId, 'paid', 20_000);
        await rowFor(system.http, 'fishstores', orderId, 'paid', 20_000);
      }
    } finally {
      await system.close();
    }
  }, 180_000);
});
