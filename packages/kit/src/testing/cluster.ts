import { type ChildProcess, spawn } from 'node:child_process';
import { silentLogger } from '../observability/logger.ts';
import { createDistributedRuntime, type DistributedRuntime } from '../runtime/distributed.ts';
import { readDistributedConfig } from '../runtime/distributed-config.ts';
import type { SystemDefinition } from '../runtime/system.ts';
import type { ServiceDatabase } from '../store/index.ts';
import { type JsonClient, jsonClient } from './http.ts';
import { dropNamespace, freshNamespace } from './namespace.ts';
import { waitFor } from './wait.ts';

/** What a `mosaic run` child reports per event delivery once asked to (the `report-deliveries` drill). */
export interface Delivery {
  group: string;
  eventId: string;
  eventType: string;
  subject: string;
}

/** One real process of a cluster: `mosaic run <system>/<service>` or `mosaic gateway <system>`. */
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
  /** A runtime on the cluster's namespace, opened from the test (config store, keys, databases). */
  runtime(): Promise<DistributedRuntime>;
  /** A service's own database, opened from the test (to count what the processes wrote). */
  database(service: string): Promise<ServiceDatabase>;
  /** A client to one process's operator routes (`/admin/*`), with a token from the system's key in NATS. */
  operator(target: ClusterProcess): Promise<JsonClient>;
  /** SIGTERM to every live process, then deletes the namespace's databases, streams, buckets and keys. */
  close(): Promise<void>;
}

export interface ClusterOptions {
  /** The `mosaic` CLI's entry (packages/cli/src/main.ts): the kit does not depend on the CLI, the caller does. */
  cli: string;
  /** The working directory of the processes (the repository's root). */
  cwd: string;
  /** Adds or overrides variables (e.g. MOSAIC_NATS_URL of a private server). */
  env?: Record<string, string>;
}

/**
 * Runs a system as separate OS processes through the real CLI, on the real engines, under a fresh namespace:
 * what a test needs to SIGKILL one service's process while the others go on.
 */
export function startCluster(definition: SystemDefinition, options: ClusterOptions): Cluster {
  const namespace = freshNamespace();
  const childEnv = {
    ...process.env,
    MOSAIC_NAMESPACE: namespace,
    MOSAIC_PORT: '0',
    MOSAIC_LOG_LEVEL: process.env.MOSAIC_LOG_LEVEL ?? 'warn',
    ...options.env,
  };
  const processes: ClusterProcess[] = [];
  const config = readDistributedConfig(childEnv);
  let runtime: Promise<DistributedRuntime> | undefined;
  /** The test's own runtime on the cluster's namespace, opened on first use. */
  const runtimeOf = () => {
    runtime ??= createDistributedRuntime({ systems: [definition], config, logger: silentLogger() });
    return runtime;
  };

  async function spawnCli(args: string[], name: string): Promise<ClusterProcess> {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', options.cli, ...args], {
      cwd: options.cwd,
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
    start: (service) => spawnCli(['run', `${definition.name}/${service}`], service),
    gateway: () => spawnCli(['gateway', definition.name], 'gateway'),
    runtime: runtimeOf,
    async database(service) {
      return (await runtimeOf()).database(definition.name, service);
    },
    async operator(target) {
      const token = await (await (await runtimeOf()).systemKeys(definition.name)).operators.issue();
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
