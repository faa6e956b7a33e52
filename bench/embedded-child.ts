// Run by the benches for the embedded runtime: one system in one process (PGlite on disk under the given dir,
// like `npm start`), on free ports; reports the gateway's and each service's URL over IPC.
//   node --import tsx bench/embedded-child.ts <system> <dataDir>

import { silentLogger } from '@mosaic/kit/observability';
import { createEmbeddedRuntime, launchSystem } from '@mosaic/kit/runtime';
import { SYSTEMS } from '../packages/cli/src/systems.ts';

const [name, dataDir] = process.argv.slice(2);
const definition = SYSTEMS.find((s) => s.name === name);
if (!definition || !dataDir) {
  throw new Error(`usage: embedded-child.ts <${SYSTEMS.map((s) => s.name).join('|')}> <dataDir>`);
}
const runtime = createEmbeddedRuntime({ dataDir, logger: silentLogger() });
const system = await launchSystem(definition, runtime, { ports: 'ephemeral' });
const services = Object.fromEntries([...system.services].map(([name, running]) => [name, running.url]));
process.send?.({ type: 'ready', url: system.gatewayUrl, pid: process.pid, services });
process.on('SIGTERM', () => {
  void system
    .stop()
    .then(() => runtime.close())
    .then(() => process.exit(0));
});
