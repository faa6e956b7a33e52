// Test support (not exported): a worker process SIGKILLed mid-message, on either runtime
// (queues/worker-crash.test.ts, queues/worker-crash.distributed.test.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { expect } from 'vitest';
import type { QueueMessage, QueueSpec, WorkQueues } from '../../queues/queues.ts';
import { waitFor } from '../wait.ts';
import { message } from './queues.ts';

export const CRASH_SPEC: QueueSpec = { name: 'jobs', visibilityTimeoutMs: 1_500, maxReceives: 3 };

/** Starts the child worker and resolves the first message it received (it then hangs on it). */
export function startCrashingWorker(args: readonly string[]): {
  child: ChildProcess;
  received: Promise<{ id: string; at: number }>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./queues-crash-child.ts', import.meta.url).pathname, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const received = new Promise<{ id: string; at: number }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const parsed = JSON.parse(line) as { received?: string };
      if (parsed.received) resolve({ id: parsed.received, at: Date.now() });
    });
    child.on('exit', (code, signal) =>
      reject(new Error(`the worker exited (${code ?? signal}) before receiving: ${stderr}`)),
    );
  });
  return { child, received };
}

export async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise<string | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

/**
 * After the kill: the message comes back to a live worker only once its lease (from the dead worker's receive)
 * ran out, on its second receive, and is handled once; nothing is left in flight or dead.
 */
export async function expectHandledOnceAfterLease(queues: WorkQueues, sentId: string, receivedAt: number) {
  const handled: (QueueMessage & { at: number })[] = [];
  const worker = await queues.consume('jobs', { concurrency: 2 }, async (m) => {
    handled.push({ ...m, at: Date.now() });
  });
  await waitFor(() => handled.length > 0 || undefined, { timeoutMs: 15_000, what: 'the message to come back' });
  await waitFor(async () => (await queues.stats('jobs')).inFlight === 0, { what: 'the message acknowledged' });
  await new Promise((resolve) => setTimeout(resolve, CRASH_SPEC.visibilityTimeoutMs + 300));
  await worker.stop();
  expect(handled.map((m) => [m.id, m.receives])).toEqual([[sentId, 2]]);
  // Not before the dead worker's lease ran out (a little slack for the clocks of two processes).
  expect(handled[0]!.at - receivedAt).toBeGreaterThanOrEqual(CRASH_SPEC.visibilityTimeoutMs - 200);
  expect(await queues.stats('jobs')).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 0 });
}

export { message };
