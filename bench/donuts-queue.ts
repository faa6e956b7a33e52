// Queue throughput through the kit: a bench-only service that works one queue with a no-op handler, on each
// runtime (embedded: rows in a PGlite on disk; distributed: a JetStream work-queue stream). Each round sends N
// messages through the service's own sender (`ctx.queues.work.send`, as donuts' sales sends a restock) while the
// worker is held, then lets the worker drain them: lease → handler → ack, until the queue holds none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@mosaic/kit/observability';
import type { QueueSender } from '@mosaic/kit/queues';
import {
  createDistributedRuntime,
  createEmbeddedRuntime,
  type Runtime as KitRuntime,
  readDistributedConfig,
} from '@mosaic/kit/runtime';
import { defineService, startService } from '@mosaic/kit/service';
import { dropNamespace, freshNamespace } from '@mosaic/kit/testing';
import type { Runtime } from './system-processes.ts';

export interface QueueRound {
  /** Which stack moved the messages: the kit on a runtime, or the bare NATS client. */
  stack: string;
  round: number;
  messages: number;
  sendPerSec: number;
  drainPerSec: number;
  sendMs: number;
  drainMs: number;
  /** The bench process's CPU per message while draining (µs): where the kit's worker, or the bare client, runs. */
  drainCpuUs: number;
}

export interface QueueStack {
  round(round: number, messages: number, sendInFlight: number): Promise<QueueRound>;
  close(): Promise<void>;
}

const SYSTEM = 'donutsbench';
const QUEUE = 'work';
/** The restock queue's own visibility and receives: long enough that no message is handed out twice here. */
const SPEC = { visibilityTimeoutMs: 30_000, maxReceives: 5 };
const STATS_POLL_MS = 10;

/** A gate the worker waits at while a round sends, so the round measures sending, then draining. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

export async function openKitQueue(runtime: Runtime, concurrency: number): Promise<QueueStack> {
  const namespace = runtime === 'distributed' ? freshNamespace() : undefined;
  const dataDir = runtime === 'embedded' ? mkdtempSync(join(tmpdir(), 'mosaic-bench-queue-')) : undefined;
  const config = namespace ? readDistributedConfig({ ...process.env, MOSAIC_NAMESPACE: namespace }) : undefined;
  const kit: KitRuntime = config
    ? await createDistributedRuntime({ config, logger: silentLogger() })
    : createEmbeddedRuntime({ ...(dataDir ? { dataDir } : {}), logger: silentLogger() });
  let handled = 0;
  let held = gate();
  let sender: QueueSender | undefined;
  const definition = defineService<unknown, never, Record<string, never>, typeof QUEUE>({
    name: 'queue-bench',
    system: SYSTEM,
    migrations: {},
    endpoints: [],
    queues: {
      [QUEUE]: {
        ...SPEC,
        concurrency,
        async handle() {
          await held.opened;
          handled++;
        },
      },
    },
    started(ctx) {
      sender = ctx.queues[QUEUE];
    },
  });
  const cleanUp = async () => {
    await kit.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (config) await dropNamespace(config);
  };
  const service = await startService(definition, kit, { port: 0 }).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  const queues = await kit.queues(SYSTEM);
  const stack = `mosaic ${runtime}`;
  return {
    async round(round, messages, sendInFlight) {
      if (!sender) throw new Error('the bench service started without its sender');
      const send = sender;
      held = gate();
      const before = handled;
      const sendStart = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(sendInFlight, messages) }, async () => {
          while (next < messages) await send.send({ n: next++, round });
        }),
      );
      const sendMs = performance.now() - sendStart;
      const drainStart = performance.now();
      const cpu = process.cpuUsage();
      held.open();
      for (;;) {
        if (handled - before >= messages) {
          const stats = await queues.stats(QUEUE);
          if (stats.depth + stats.inFlight === 0) break;
        }
        await new Promise((resolve) => setTimeout(resolve, STATS_POLL_MS));
      }
      const drainMs = performance.now() - drainStart;
      return roundOf(stack, round, messages, sendMs, drainMs, process.cpuUsage(cpu));
    },
    async close() {
      held.open();
      await service.stop();
      await cleanUp();
    },
  };
}

export function roundOf(
  stack: string,
  round: number,
  messages: number,
  sendMs: number,
  drainMs: number,
  drainCpu: NodeJS.CpuUsage,
): QueueRound {
  return {
    stack,
    round,
    messages,
    sendPerSec: Math.round((messages * 1000) / sendMs),
    drainPerSec: Math.round((messages * 1000) / drainMs),
    sendMs: Math.round(sendMs),
    drainMs: Math.round(drainMs),
    drainCpuUs: Math.round((drainCpu.user + drainCpu.system) / messages),
  };
}
