import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkInterval, prometheusConfig } from './prometheus/prometheus-yaml.ts';
import { targetsFromRuntimeFile } from './prometheus/runtime-file-targets.ts';
import { inScrapeOrder, type ScrapeTarget } from './prometheus/scrape-targets.ts';
import { Refusal } from './refusal.ts';
import { readLiveRuntimeFile } from './runtime-file.ts';
import { loadSystems, systemNames } from './system-loaders.ts';
import { UsageError } from './usage-error.ts';

export interface PrometheusConfigCommandOptions {
  systems: readonly string[];
  dataDir: string;
  /** Read the NATS KV registry even when no `mosaic up` runs on the data dir (containers, Kubernetes). */
  distributed: boolean;
  /** A file to write; stdout when absent. */
  out?: string;
  interval: string;
}

/**
 * `mosaic prometheus-config`: a scrape configuration for every process running now. Embedded: the gateways and
 * services of the `mosaic up` running on the data dir (its runtime record). Distributed (`--distributed`, or a
 * `mosaic up --distributed` running on the data dir): every gateway and service replica in the NATS KV registry.
 */
export async function prometheusConfigCommand(options: PrometheusConfigCommandOptions): Promise<void> {
  try {
    checkInterval(options.interval);
  } catch (error) {
    throw new UsageError(`--interval: ${(error as Error).message}`);
  }
  const names = systemNames(options.systems);
  const dataDir = resolve(options.dataDir);
  const live = options.distributed ? undefined : readLiveRuntimeFile(dataDir);
  let targets: ScrapeTarget[];
  let source: string;
  if (live && live.kind !== 'distributed') {
    targets = targetsFromRuntimeFile(live, names);
    source = `the embedded runtime running on ${dataDir} (pid ${live.pid})`;
  } else if (live || options.distributed) {
    // Loaded only here: the runtime's modules and the systems' definitions are most of this command's start-up.
    const [{ readDistributedConfig }, { targetsFromRegistry }] = await Promise.all([
      import('@mosaic/kit/runtime'),
      import('./prometheus/registry-targets.ts'),
    ]);
    const config = readDistributedConfig();
    targets = await targetsFromRegistry(await loadSystems(names), config);
    source = `the NATS KV registry at ${config.urls.nats}${config.namespace ? ` (namespace ${config.namespace})` : ''}`;
  } else {
    throw new Refusal(
      `no Mosaic is running on ${dataDir}: start it (npm start), name its data dir with --data, ` +
        'or read the distributed runtime from its registry with --distributed (MOSAIC_NATS_URL, MOSAIC_NAMESPACE)',
    );
  }
  if (targets.length === 0) {
    console.error(
      `mosaic: no process of ${names.join(', ')} is running in ${source}; the configuration scrapes nothing`,
    );
  }
  const yaml = prometheusConfig(inScrapeOrder(targets, names), { interval: options.interval, source });
  if (options.out === undefined) {
    process.stdout.write(yaml);
    return;
  }
  writeFileSync(options.out, yaml);
  console.error(`mosaic: wrote ${targets.length} scrape targets to ${options.out}`);
}
