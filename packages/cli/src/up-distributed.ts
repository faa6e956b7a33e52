import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { systemKeysFromNats, vouchedHeaders } from '@mosaic/kit/auth';
import { connectNats } from '@mosaic/kit/messaging';
import { type EngineKind, missingEngines, readDistributedConfig, storageFor } from '@mosaic/kit/runtime';
import { openConsole } from './console.ts';
import type { ConsoleChoice } from './console-choice.ts';
import { onStopSignals } from './process-life.ts';
import { claimDataDir, releaseDataDir, writeRuntimeFile } from './runtime-file.ts';
import { type SupervisedChild, superviseChild } from './supervisor/child.ts';
import { readyAddresses } from './supervisor/demo.ts';
import { parseReplicas, planProcesses } from './supervisor/plan.ts';
import { createStatusView } from './supervisor/status.ts';
import { loadSystems } from './system-loaders.ts';

export interface UpDistributedOptions {
  systems: readonly string[];
  replicas?: string;
  dataDir: string;
  /** Gateways on free ports too (to run beside an embedded `mosaic up`, or in tests). */
  ephemeral: boolean;
  /** Seed each system's demo data once the system is ready (`--no-demo` turns it off). */
  demo: boolean;
  /** The ops console's address, or false (`--no-console`). Default: on, at 127.0.0.1:8000. */
  console?: ConsoleChoice;
}

const STOP_GRACE_MS = 15_000;

/**
 * `mosaic up --distributed`: every service replica and every gateway as its own process on the real
 * engines, kept running (a crash is restarted with backoff) until Ctrl-C, which stops gateways first and
 * then services, each gracefully. Children's logs go to `<data>/logs/`.
 */
export async function upDistributed(options: UpDistributedOptions): Promise<void> {
  const systems = await loadSystems(options.systems);
  const replicas = parseReplicas(options.replicas, systems);
  const config = readDistributedConfig();

  // One check up front: ten children each failing on the same missing engine would say it ten times.
  const needed = new Set<EngineKind>(['nats', 'redis']);
  for (const system of systems) {
    for (const { definition } of system.services) {
      needed.add(storageFor(config, system.name, definition.name, definition.storage));
    }
  }
  const missing = await missingEngines(needed, config.urls);
  if (missing.length > 0) throw new Error(missing.join('\n'));

  const dataDir = resolve(options.dataDir);
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const startedAt = new Date();
  // A second supervisor here would fight the first over the gateways' ports and the log files.
  claimDataDir(dataDir, 'distributed', startedAt);
  const specs = planProcesses(systems, replicas, { ephemeralGateways: options.ephemeral });
  const children: SupervisedChild[] = [];
  // Before the children: each is told where to send its traces when it starts. Gateways are not in the
  // registry; the console learns them from this supervisor.
  let opsConsole: Awaited<ReturnType<typeof openConsole>>;
  try {
    opsConsole = await openConsole(options.console ?? {}, async () => {
      const { distributedSource } = await import('@mosaic/console/sources/distributed');
      return distributedSource({
        systems,
        config,
        gateways: (system) =>
          children
            .map((c) => c.status)
            .filter((s) => s.spec.kind === 'gateway' && s.spec.system === system && s.url !== undefined)
            .map((s) => ({ id: s.spec.name, url: s.url as string, ready: s.phase === 'ready' })),
      });
    });
  } catch (error) {
    releaseDataDir(dataDir, 'distributed');
    throw error;
  }
  const childEnv = opsConsole ? { ...process.env, MOSAIC_CONSOLE_TRACES_URL: opsConsole.tracesUrl } : process.env;
  const notes: string[] = [];
  const footer = () => [`logs: ${logDir}   ·   Ctrl-C stops everything gracefully`, ...notes].join('\n\n');
  const view = createStatusView(() => children.map((c) => c.status), footer);
  // Kept for every redraw of the footer, and shown now.
  const addNote = (note: string) => {
    notes.push(note);
    view.note(note);
  };

  // Each system's demo, once, when all of its processes are first ready (like `mosaic up`, through the
  // services' own routes; a demo skips itself when the system already holds data).
  const demoStarted = new Set<string>();
  let nats: ReturnType<typeof connectNats> | undefined;
  const vouchesOf = async (system: string) => {
    nats ??= connectNats({ servers: config.urls.nats, name: 'mosaic supervisor' });
    return (await systemKeysFromNats(await nats, config.namespace, system)).vouches;
  };
  const seedDemos = () => {
    if (!options.demo) return;
    for (const system of systems) {
      if (!system.demo || demoStarted.has(system.name)) continue;
      const addresses = readyAddresses(
        system,
        children.map((c) => c.status),
      );
      if (!addresses) continue;
      demoStarted.add(system.name);
      // The demo writes through the services' own routes, as the system's admin: it needs the system's vouch key.
      vouchesOf(system.name)
        .then((vouches) => system.demo?.({ ...addresses, vouchedHeaders: (id) => vouchedHeaders(vouches, id) }))
        .then(
          (note) => note && addNote(note),
          (error: unknown) =>
            addNote(
              `${system.name}: the demo could not be seeded (${error instanceof Error ? error.message : String(error)})`,
            ),
        );
    }
  };

  const publishRuntimeFile = () => {
    writeRuntimeFile(dataDir, 'distributed', {
      pid: process.pid,
      startedAt: startedAt.toISOString(),
      systems: Object.fromEntries(
        systems.map((system) => {
          // A service's first ready replica; the gateway where `service` is undefined.
          const ready = (service: string | undefined) =>
            children.find(
              ({ status }) =>
                status.spec.system === system.name && status.spec.service === service && status.url !== undefined,
            )?.status.url;
          const services = Object.fromEntries(
            system.services.flatMap(({ definition }) => {
              const url = ready(definition.name);
              return url ? [[definition.name, url]] : [];
            }),
          );
          return [system.name, { gateway: ready(undefined) ?? '', services }];
        }),
      ),
    });
  };

  for (const spec of specs) {
    children.push(
      superviseChild(spec, {
        main: join(import.meta.dirname, 'main.ts'),
        env: childEnv,
        logFile: join(logDir, `${spec.name.replaceAll('/', '-').replace('#', '-')}.log`),
        onChange(status) {
          view.changed(status);
          if (status.phase === 'ready') {
            publishRuntimeFile();
            seedDemos();
          }
        },
      }),
    );
  }

  const shutdown = async (signal: string) => {
    view.stop();
    console.log(`\n${signal}: stopping gateways, then services, gracefully…`);
    await opsConsole?.close().catch(() => undefined);
    const gateways = children.filter((c) => c.status.spec.kind === 'gateway');
    const services = children.filter((c) => c.status.spec.kind === 'service');
    await Promise.all(gateways.map((c) => c.stop(STOP_GRACE_MS)));
    await Promise.all(services.map((c) => c.stop(STOP_GRACE_MS)));
    await (await nats)?.close().catch(() => undefined);
    releaseDataDir(dataDir, 'distributed');
    console.log('stopped.');
    process.exit(0);
  };
  onStopSignals(
    (signal) => void shutdown(signal),
    () => {
      console.error('\nsecond signal: killing every process at once');
      for (const child of children) child.kill();
      process.exit(130);
    },
  );

  console.log(
    `Mosaic distributed: ${systems.map((s) => s.name).join(', ')} on PostgreSQL/MySQL, NATS and Redis` +
      (config.namespace ? ` (namespace ${config.namespace})` : ''),
  );
  view.start();
  // A note: below the table on a terminal, one line in a log.
  if (opsConsole) addNote(`ops console: ${opsConsole.url}${opsConsole.note}`);
  for (const child of children) if (child.status.spec.kind === 'service') child.start();
  // Gateways last, so their first requests find services registered (they would cope anyway: 503 then).
  for (const child of children) if (child.status.spec.kind === 'gateway') child.start();
}
