import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { silentLogger } from '@mosaic/kit/observability';
import { createDistributedRuntime, type DistributedRuntime, readDistributedConfig } from '@mosaic/kit/runtime';
import type { ServiceDatabase } from '@mosaic/kit/store';
import { dropNamespace, freshNamespace, type JsonClient, jsonClient, waitFor } from '@mosaic/kit/testing';
import type { ListPage } from '../contracts/paging.ts';
import type { Order } from '../order/domain.ts';
import { fishdelivery } from '../system.ts';

const CLI = join(import.meta.dirname, '../../../packages/cli/src/main.ts');
const REPO = join(import.meta.dirname, '../../..');

/** What a `mosaic run` child reports per event delivery once asked to (the `report-deliveries` drill). */
export interface Delivery {
  group: string;
  eventId: string;
  eventType: string;
  subject: string;
}

/** One real process of the cluster: `mosaic run fishdelivery/<service>` or `mosaic gateway fishdelivery`. */
export interface ClusterProcess {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  readonly instanceId: string | undefined;
  readonly deliveries: Delivery[];
  /** Resolves with the signal or exit code once the process is gone. */
  readonly exited: Promise<string>;
  /** Sends a signal (SIGKILL by default: no shutdown hook runs) and waits for the process to be gone. */
  kill(signal?: NodeJS.Signals): Promise<string>;
  drill(name: 'pause-relay' | 'resume-relay' | 'report-deliveries'): Promise<void>;
}

export interface Cluster {
  readonly namespace: string;
  /** Starts one more process of a service; resolves once it is registered (ready). */
  start(service: string): Promise<ClusterProcess>;
  gateway(): Promise<ClusterProcess>;
  readonly processes: readonly ClusterProcess[];
  /** A service's own database, opened from the test (to count what the processes wrote). */
  database(service: string): Promise<ServiceDatabase>;
  /** A client to one process's operator routes (`/admin/*`), with a token from the system's key in NATS. */
  operator(target: ClusterProcess): Promise<JsonClient>;
  /** SIGTERM to every live process, then deletes the namespace's databases, streams, buckets and keys. */
  close(): Promise<void>;
}

/**
 * Runs fishdelivery as separate OS processes through the real CLI, on the real engines, under a fresh
 * namespace. `env` adds or overrides variables (e.g. MOSAIC_NATS_URL of a private server).
 */
export function startCluster(env: Record<string, string> = {}): Cluster {
  const namespace = freshNamespace();
  const childEnv = {
    ...process.env,
    MOSAIC_NAMESPACE: namespace,
    MOSAIC_PORT: '0',
    MOSAIC_LOG_LEVEL: process.env.MOSAIC_LOG_LEVEL ?? 'warn',
    ...env,
  };
  const processes: ClusterProcess[] = [];
  const config = readDistributedConfig(childEnv);
  let runtime: Promise<DistributedRuntime> | undefined;

  async function spawnCli(args: string[], name: string): Promise<ClusterProcess> {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: REPO,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
    );
    const deliveries: Delivery[] = [];
    const drillsDone: string[] = [];
    let ready: { url: string; instanceId?: string } | undefined;
    child.on('message', (message: { type: string } & Record<string, unknown>) => {
      if (message.type === 'ready') ready = message as unknown as { url: string; instanceId?: string };
      else if (message.type === 'delivery') deliveries.push(message as unknown as Delivery);
      else if (message.type === 'drill-done') drillsDone.push(String(message.drill));
    });
    let gone: string | undefined;
    void exited.then((how) => {
      gone = how;
    });
    await waitFor(
      () => {
        if (gone) throw new Error(`${name} exited (${gone}) before it was ready: ${output}`);
        return ready;
      },
      { what: `${name} to be ready`, timeoutMs: 60_000, intervalMs: 25 },
    ).catch((error) => {
      child.kill('SIGKILL');
      throw error;
    });
    const started: ClusterProcess = {
      name,
      pid: child.pid as number,
      url: ready?.url as string,
      instanceId: ready?.instanceId,
      deliveries,
      exited,
      async kill(signal = 'SIGKILL') {
        if (gone === undefined) child.kill(signal);
        return exited;
      },
      async drill(drill) {
        const before = drillsDone.filter((d) => d === drill).length;
        child.send({ drill });
        await waitFor(() => drillsDone.filter((d) => d === drill).length > before, { what: `${name} to ${drill}` });
      },
    };
    processes.push(started);
    return started;
  }

  return {
    namespace,
    processes,
    start: (service) => spawnCli(['run', `fishdelivery/${service}`], service),
    gateway: () => spawnCli(['gateway', 'fishdelivery'], 'gateway'),
    async database(service) {
      runtime ??= createDistributedRuntime({ systems: [fishdelivery], config, logger: silentLogger() });
      return (await runtime).database('fishdelivery', service);
    },
    async operator(target) {
      runtime ??= createDistributedRuntime({ systems: [fishdelivery], config, logger: silentLogger() });
      const token = await (await (await runtime).systemKeys('fishdelivery')).operators.issue();
      return jsonClient(target.url, { authorization: `Bearer ${token}` });
    },
    async close() {
      await Promise.all(
        processes.map(async (p) => {
          const timer = setTimeout(() => void p.kill('SIGKILL'), 10_000);
          await p.kill('SIGTERM');
          clearTimeout(timer);
        }),
      );
      if (runtime) await (await runtime).close();
      await dropNamespace(config);
    },
  };
}

/** A gateway client for a running gateway process. */
export function httpTo(gateway: ClusterProcess): JsonClient {
  return jsonClient(gateway.url);
}

/** The order's 600 ms payment budget ran out (a CPU-starved machine), or its breaker opened because of that. */
const PAYMENT_TIMEOUT = /problem:unavailable.*(did not answer within|overloaded)/;

export interface PlacedOrders {
  orderIds: number[];
  /** Every answer that was not 201 and was not retried, with its status and body. */
  failures: string[];
  /** Answers that said payment timed out, each followed by a new try (as the Retry-After invites). */
  retried: string[];
}

/**
 * Posts `count` orders with `concurrency` in flight, calling `onProgress` after each. With `retryTimeouts`,
 * an order turned away because payment did not answer in time is placed again (up to 10 tries): tests about
 * crashes must not fail because a loaded 2-core machine was slow, and every such retry is reported.
 */
export async function placeOrders(
  http: JsonClient,
  count: number,
  concurrency: number,
  options: { onProgress?: (done: number) => void | Promise<void>; retryTimeouts?: boolean } = {},
): Promise<PlacedOrders> {
  const result: PlacedOrders = { orderIds: [], failures: [], retried: [] };
  let next = 0;
  let done = 0;
  const placeOne = async (i: number) => {
    for (let attempt = 1; ; attempt++) {
      let answer: string;
      try {
        const response = await http.post<Order>('/orders', {
          customerName: `load-${i}`,
          fishName: 'mackerel',
          qty: 1,
          telephone: '01000000000',
          address: 'Jeju',
        });
        if (response.status === 201) {
          result.orderIds.push(response.body.orderId);
          return;
        }
        answer = `${response.status} ${JSON.stringify(response.body)}`;
      } catch (error) {
        answer = error instanceof Error ? error.message : String(error);
      }
      if (!options.retryTimeouts || attempt >= 10 || !PAYMENT_TIMEOUT.test(answer)) {
        result.failures.push(answer);
        return;
      }
      result.retried.push(answer);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const worker = async () => {
    while (next < count) {
      await placeOne(next++);
      done++;
      await options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}

/**
 * Freshly started processes open their database pools and compile their routes on the first requests,
 * which can outlast the order's 600 ms payment budget on a busy 2-core machine. Tests about faults wait
 * until three orders in a row succeed, so a cold start is never mistaken for the fault under test.
 */
export async function warmUp(http: JsonClient): Promise<void> {
  let inARow = 0;
  await waitFor(
    async () => {
      const { failures } = await placeOrders(http, 1, 1);
      inARow = failures.length === 0 ? inARow + 1 : 0;
      return inARow >= 3;
    },
    { what: 'three orders in a row to succeed after start-up', timeoutMs: 30_000, intervalMs: 100 },
  );
}

/** Every row of a list endpoint, read page by page (500 a page) until its last page. */
export async function listAll<T>(http: JsonClient, path: string): Promise<T[]> {
  const resource = path.split('?')[0]!.slice(1);
  const rows: T[] = [];
  for (let page = 0; ; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await http.get<ListPage<T>>(`${path}${separator}size=500&page=${page}`);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    const found = response.body._embedded[resource];
    if (!found) throw new Error(`GET ${path} answered no _embedded.${resource}`);
    rows.push(...found);
    if (page + 1 >= response.body.page.totalPages) return rows;
  }
}
