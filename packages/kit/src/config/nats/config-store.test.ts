import { afterAll, beforeAll } from 'vitest';
import { connectNats } from '../../messaging/nats/nats-connection.ts';
import { configContract } from '../../testing/conformance/config.ts';
import { describeWithEngines, engineUrls } from '../../testing/engines.ts';
import { freshNamespace } from '../../testing/namespace.ts';
import { createNatsConfigStore, dropConfigBucket } from './config-store.ts';

await describeWithEngines('nats', 'NATS KV config store', () => {
  const namespace = freshNamespace();
  // One connection per store: each stands for another process of the system.
  const connections: Awaited<ReturnType<typeof connectNats>>[] = [];
  const connect = async () => {
    const connection = await connectNats({ servers: engineUrls().nats, name: 'config conformance' });
    connections.push(connection);
    return connection;
  };
  beforeAll(async () => {
    await connect();
  });
  afterAll(async () => {
    await dropConfigBucket(connections[0]!, namespace);
    for (const connection of connections) await connection.close();
  });

  configContract(() => ({
    open: async () => createNatsConfigStore({ connection: await connect(), namespace, system: 'conformance' }),
  }));
});
