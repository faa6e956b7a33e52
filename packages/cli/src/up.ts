import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLogger, exportSpansTo } from '@mosaic/kit/observability';
import { createEmbeddedRuntime, launchSystem, type RunningSystem } from '@mosaic/kit/runtime';
import { type OpenedConsole, openConsole } from './console.ts';
import type { ConsoleChoice } from './console-choice.ts';
import { onStopSignals } from './process-life.ts';
import { claimDataDir, releaseDataDir, writeRuntimeFile } from './runtime-file.ts';
import { loadSystems } from './system-loaders.ts';
import { table } from './table.ts';

export interface UpOptions {
  systems: readonly string[];
  dataDir: string;
  memory: boolean;
  /** Seed each system's demo data on a first start (`--no-demo` turns it off). */
  demo: boolean;
  /** The ops console's address, or false (`--no-console`). Default: on, at 127.0.0.1:8000. */
  console?: ConsoleChoice;
}

/**
 * `mosaic up`: every chosen system in this process on the embedded runtime. Ctrl-C (or SIGTERM) stops
 * gateways first, lets in-flight requests and events finish, flushes the outboxes, then closes the data.
 */
export async function up(options: UpOptions): Promise<void> {
  const definitions = await loadSystems(options.systems);
  const dataDir = resolve(options.dataDir);
  const startedAt = new Date();
  if (!options.memory) {
    mkdirSync(dataDir, { recursive: true });
    // Before any database is opened: a second PGlite on the same files would corrupt them.
    claimDataDir(dataDir, 'embedded', startedAt);
  }
  const logger = createLogger({ level: process.env.MOSAIC_LOG_LEVEL ?? 'warn' });
  const runtime = createEmbeddedRuntime({ logger, ...(options.memory ? {} : { dataDir }) });

  const running: RunningSystem[] = [];
  let opsConsole: OpenedConsole | undefined;
  const shutdown = async (signal: string) => {
    console.log(`\n${signal}: stopping gracefully (in-flight requests finish, outboxes flush)…`);
    await opsConsole?.close();
    for (const system of running.reverse()) await system.stop();
    await runtime.close();
    if (!options.memory) releaseDataDir(dataDir, 'embedded');
    console.log('stopped.');
    process.exit(0);
  };
  onStopSignals(
    (signal) => void shutdown(signal),
    () => {
      console.error('\nsecond signal: exiting at once');
      process.exit(130);
    },
  );

  try {
    // Before the systems, so their first requests' spans reach it too.
    opsConsole = await openConsole(options.console ?? {}, async () => {
      const { embeddedSource } = await import('@mosaic/console/sources/embedded');
      return embeddedSource({ runtime, systems: () => running });
    });
    if (opsConsole) exportSpansTo(opsConsole.tracesUrl);
    for (const definition of definitions) {
      process.stdout.write(`starting ${definition.name}… `);
      const started = Date.now();
      running.push(await launchSystem(definition, runtime, { ports: 'fixed' }));
      console.log(`ready in ${Date.now() - started} ms`);
    }
  } catch (error) {
    // The systems already up stop as on Ctrl-C, so their data is closed cleanly before the error is shown.
    console.log('failed');
    await opsConsole?.close().catch(() => undefined);
    for (const system of running.reverse()) await system.stop().catch(() => undefined);
    await runtime.close().catch(() => undefined);
    if (!options.memory) releaseDataDir(dataDir, 'embedded');
    throw error;
  }

  if (!options.memory) {
    writeRuntimeFile(dataDir, 'embedded', {
      pid: process.pid,
      startedAt: startedAt.toISOString(),
      systems: Object.fromEntries(
        running.map((s) => [
          s.definition.name,
          {
            gateway: s.gatewayUrl,
            services: Object.fromEntries([...s.services].map(([name, svc]) => [name, svc.url])),
          },
        ]),
      ),
    });
  }

  const demoNotes: string[] = [];
  if (options.demo) {
    for (const system of running) {
      const note = await system.definition.demo?.(system);
      if (note) demoNotes.push(note);
    }
  }

  console.log(`\nMosaic is up (embedded runtime).\n`);
  console.log(
    table(
      ['system', 'gateway', 'services', 'data'],
      running.map((s) => [
        s.definition.name,
        s.gatewayUrl,
        [...s.services].map(([name, svc]) => `${name}:${svc.port}`).join(' '),
        runtime.describeData(s.definition.name),
      ]),
    ),
  );
  if (opsConsole) console.log(`\nOps console: ${opsConsole.url}${opsConsole.note}`);
  for (const note of demoNotes) console.log(`\n${note}`);
  // Every gateway publishes its routes: the first thing to look at, whichever systems run.
  const first = running[0];
  const look = first ? `curl -s ${first.gatewayUrl}/openapi.json   ·   ` : '';
  console.log(`\nTry: ${look}README.md walks through each system   ·   Ctrl-C stops everything gracefully.`);
}
