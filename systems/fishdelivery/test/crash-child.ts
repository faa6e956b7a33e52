/**
 * Run as a child process by crash.test.ts: starts fishdelivery on a data dir with every outbox relay
 * paused, places orders (so their events sit in the outboxes, committed but not relayed), prints the
 * order ids, and waits to be killed with SIGKILL.
 */
import { silentLogger } from '@mosaic/kit/observability';
import { createEmbeddedRuntime, launchSystem } from '@mosaic/kit/runtime';
import { jsonClient } from '@mosaic/kit/testing';
import type { Order } from '../order/domain.ts';
import { fishdelivery } from '../system.ts';

const [dataDir, count] = process.argv.slice(2);
if (!dataDir || !count) throw new Error('usage: crash-child.ts <dataDir> <orders>');

const runtime = createEmbeddedRuntime({ dataDir, logger: silentLogger() });
const system = await launchSystem(fishdelivery, runtime, { ports: 'ephemeral' });
for (const service of system.services.values()) service.relay.pause();
const http = jsonClient(system.gatewayUrl);
const orderIds: number[] = [];
for (let i = 0; i < Number(count); i++) {
  const response = await http.post<Order>('/orders', {
    customerName: `crash-${i}`,
    fishName: 'mackerel',
    qty: 1,
    telephone: '01000000000',
    address: 'Jeju',
  });
  if (response.status !== 201) throw new Error(`order ${i} failed: ${response.status}`);
  orderIds.push(response.body.orderId);
}
process.stdout.write(`${JSON.stringify({ orderIds })}\n`);
// Stay alive, holding unsent events, until the test kills this process.
setInterval(() => {}, 1_000);
