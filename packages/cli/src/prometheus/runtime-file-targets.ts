import { GATEWAY_SERVICE } from '@mosaic/kit/discovery';
import type { RuntimeFile } from '../runtime-file.ts';
import { addressOf, type ScrapeTarget } from './scrape-targets.ts';

/** The processes of a running embedded `mosaic up`, from its record: one gateway and one instance per service. */
export function targetsFromRuntimeFile(record: RuntimeFile, systems: readonly string[]): ScrapeTarget[] {
  const targets: ScrapeTarget[] = [];
  for (const system of systems) {
    const running = record.systems[system];
    if (!running) continue;
    const add = (service: string, url: string) => {
      const address = addressOf(url);
      targets.push({ system, service, instance: address, address });
    };
    if (running.gateway) add(GATEWAY_SERVICE, running.gateway);
    for (const [service, url] of Object.entries(running.services)) add(service, url);
  }
  return targets;
}
