import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@mosaic/kit/observability';
import { createEmbeddedRuntime } from '@mosaic/kit/runtime';
import { defineService, startService } from '@mosaic/kit/service';
import { waitFor } from '@mosaic/kit/testing';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { queue } from './queue.ts';
import { writeRuntimeFile } from './runtime-file.ts';

const dirs: string[] = [];
const cleanUp: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const step of cleanUp.reverse()) await step();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const message = (body: unknown) => ({ id: randomUUID(), body, sentAt: new Date().toISOString() });

/** What the command printed, one string. */
async function printed(run: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.join(' '));
  });
  try {
    await run();
  } finally {
    log.mockRestore();
  }
  return lines.join('\n');
}

/** A bakery's data dir with queue `restock`: one message waiting and one dead letter (`poison`). */
async function bakeryData() {
  const dataDir = mkdtempSync(join(tmpdir(), 'mosaic-queue-cli-'));
  dirs.push(dataDir);
  const runtime = createEmbeddedRuntime({ dataDir, logger: silentLogger() });
  const queues = await runtime.queues('bakery');
  await queues.declare({ name: 'restock', visibilityTimeoutMs: 30_000, maxReceives: 1 });
  await queues.send('restock', [message({ sku: 'poison' })]);
  const worker = await queues.consume('restock', { concurrency: 1 }, async () => {
    throw new Error('the factory refused the order');
  });
  await waitFor(async () => (await queues.stats('restock')).deadLetters === 1, { what: 'the poison dead' });
  await worker.stop();
  await queues.send('restock', [message({ sku: 'glazed' })]);
  await runtime.close();
  return dataDir;
}

describe('mosaic queue, offline (straight from the embedded data)', () => {
  it('lists the queues with their figures, peeks at messages and dead letters, and redrives', async () => {
    const dataDir = await bakeryData();
    const options = { dataDir, systems: ['bakery'], dlq: false };
    const list = await printed(() => queue('list', [], options));
    expect(list).toMatch(/^bakery\s+restock\s+-\s+1\s+0\s+\d+\.\d\s+1\s+30000\s+1$/m);
    expect(await printed(() => queue('peek', ['restock'], options))).toMatch(/no\s+\{"sku":"glazed"\}/);
    const dead = await printed(() => queue('peek', ['restock'], { ...options, dlq: true }));
    expect(dead).toMatch(/1\s+the factory refused the order\s+\{"sku":"poison"\}/);
    expect(await printed(() => queue('redrive', ['restock'], options))).toBe(
      'bakery/restock: 1 dead letter back on the queue',
    );
    expect(await printed(() => queue('list', [], options))).toMatch(/^bakery\s+restock\s+-\s+2\s+0\s+\S+\s+0\s/m);
    await expect(queue('peek', ['nowhere'], options)).rejects.toThrow('no queue nowhere (queues: restock)');
    await expect(queue('peek', [], options)).rejects.toThrow('mosaic queue peek needs a queue name');
  });
});

describe('mosaic queue, live (through the running service’s operator routes)', () => {
  it('lists, peeks and redrives through /admin/queues with a token it signs itself', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mosaic-queue-cli-live-'));
    dirs.push(dataDir);
    const runtime = createEmbeddedRuntime({ dataDir, logger: silentLogger() });
    cleanUp.push(() => runtime.close());
    let fixed = false;
    const kitchen = defineService({
      name: 'kitchen',
      system: 'bakery',
      migrations: {},
      endpoints: [],
      queues: {
        restock: {
          visibilityTimeoutMs: 2_000,
          maxReceives: 1,
          async handle() {
            if (!fixed) throw new Error('the factory refused the order');
          },
        },
      },
    });
    const running = await startService(kitchen, runtime);
    cleanUp.push(() => running.stop());
    // What `mosaic up` records: a live Mosaic process (a stand-in) and where each service listens.
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'mosaic-stand-in'], {
      stdio: 'ignore',
    });
    cleanUp.push(() => void holder.kill('SIGKILL'));
    writeRuntimeFile(dataDir, 'embedded', {
      pid: holder.pid!,
      startedAt: new Date().toISOString(),
      systems: { bakery: { gateway: 'http://127.0.0.1:1', services: { kitchen: running.url } } },
    });
    const queues = await runtime.queues('bakery');
    await queues.send('restock', [message({ sku: 'poison' })]);
    await waitFor(async () => (await queues.stats('restock')).deadLetters === 1, { what: 'the poison dead' });

    const options = { dataDir, systems: [], dlq: false };
    expect(await printed(() => queue('list', [], options))).toMatch(
      /^bakery\s+restock\s+kitchen\s+0\s+0\s+\S+\s+1\s+2000\s+1$/m,
    );
    expect(await printed(() => queue('peek', ['restock'], { ...options, dlq: true }))).toMatch(
      /the factory refused the order/,
    );
    fixed = true;
    expect(await printed(() => queue('redrive', ['restock'], options))).toBe(
      'bakery/restock: 1 dead letter back on the queue',
    );
    await waitFor(async () => (await queues.stats('restock')).depth + (await queues.stats('restock')).inFlight === 0, {
      what: 'the redriven message handled',
    });
    expect(await queues.stats('restock')).toMatchObject({ deadLetters: 0 });
  });
});
