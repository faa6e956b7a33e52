import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger.ts';
import { createEmbeddedRuntime } from '../runtime/embedded.ts';
import type { Runtime } from '../runtime/runtime.ts';
import {
  CRASH_SPEC,
  expectHandledOnceAfterLease,
  kill,
  message,
  startCrashingWorker,
} from '../testing/conformance/queues-crash.ts';

// The embedded queues live in the system's PGlite, which one process opens at a time: the test hands the data
// directory to the worker process, and opens it again after the kill, as a restarted system would.
const dataDir = mkdtempSync(join(tmpdir(), 'mosaic-queue-crash-'));
let runtime: Runtime | undefined;
afterAll(async () => {
  await runtime?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('an embedded worker SIGKILLed mid-message: after a restart the message comes back after its visibility timeout, handled once', async () => {
  const open = () => createEmbeddedRuntime({ dataDir, logger: silentLogger() });
  runtime = open();
  const before = await runtime.queues('bakery');
  await before.declare(CRASH_SPEC);
  const sent = message({ job: 'bake' });
  await before.send('jobs', [sent]);
  await runtime.close();
  runtime = undefined;

  const { child, received } = startCrashingWorker(['embedded', dataDir, 'bakery']);
  try {
    expect((await received).id).toBe(sent.id);
  } finally {
    await kill(child);
  }
  const { at } = await received;
  runtime = open();
  await expectHandledOnceAfterLease(await runtime.queues('bakery'), sent.id, at);
});
