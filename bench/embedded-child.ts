// Run by `bench/saga.ts --mode embedded`: fishdelivery in one process on the embedded runtime (PGlite on
// disk under the given dir, like `npm start`), on free ports; reports the gateway URL over IPC.

import fishdelivery from '@mosaic/fishdelivery';
import { silentLogger } from '@mosaic/kit/observability';
import { createEmbeddedRuntime, launchSystem } from '@mosaic/kit/runtime';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: saga-embedded-child.ts <dataDir>');
const runtime = createEmbeddedRuntime({ dataDir, logger: silentLogger() });
const system = await launchSystem(fishdelivery, runtime, { ports: 'ephemeral' });
process.send?.({ type: 'ready', url: system.gatewayUrl, pid: process.pid });
process.on('SIGTERM', () => {
  void system
    .stop()
    .then(() => runtime.close())
    .then(() => process.exit(0));
});
