/**
 * Run as a child process by queues/worker-crash.test.ts and queues/worker-crash.distributed.test.ts: a worker of queue `jobs`
 * that prints each message it receives and then hangs on it, until the test kills it with SIGKILL.
 *
 *   queues-crash-child.ts embedded <dataDir> <system>
 *   queues-crash-child.ts nats <system>
 */
import { connectNats } from '../../messaging/nats/nats-connection.ts';
import { silentLogger } from '../../observability/logger.ts';
import { createNatsQueues } from '../../queues/nats/nats-queues.ts';
import type { WorkQueues } from '../../queues/queues.ts';
import { createEmbeddedRuntime } from '../../runtime/embedded.ts';
import { engineUrls } from '../engines.ts';

const [mode, ...rest] = process.argv.slice(2);
let queues: WorkQueues;
if (mode === 'embedded' && rest.length === 2) {
  const [dataDir, system] = rest as [string, string];
  queues = await createEmbeddedRuntime({ dataDir, logger: silentLogger() }).queues(system);
} else if (mode === 'nats' && rest.length === 1) {
  const connection = await connectNats({ servers: engineUrls().nats });
  queues = await createNatsQueues({ connection, system: rest[0]! });
} else {
  throw new Error('usage: queues-crash-child.ts embedded <dataDir> <system> | nats <system>');
}
await queues.consume('jobs', { concurrency: 1 }, async (message) => {
  process.stdout.write(`${JSON.stringify({ received: message.id, receives: message.receives })}\n`);
  await new Promise(() => {}); // holds the message until killed
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
setInterval(() => {}, 1_000);
