import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats } from '../../messaging/nats/nats-connection.ts';
import { queuesContract } from '../../testing/conformance/queues.ts';
import { describeWithEngines, engineUrls, uniqueName } from '../../testing/engines.ts';
import { createNatsQueues, removeNatsQueues } from './nats-queues.ts';

await describeWithEngines('nats', 'NATS JetStream work queues', () => {
  queuesContract('NATS JetStream', async () => {
    // A system of its own per test: its own streams, removed afterwards.
    const connection = await connectNats({ servers: engineUrls().nats });
    const system = uniqueName('queues');
    const queues = await createNatsQueues({ connection, system, pullExpiresMs: 1_000 });
    return {
      queues,
      async close() {
        await queues.close();
        try {
          await removeNatsQueues(await jetstreamManager(connection), system);
        } finally {
          await connection.close();
        }
      },
    };
  });
});
