import { busContract } from '../../testing/conformance/bus.ts';
import { describeWithEngines, engineUrls, uniqueName } from '../../testing/engines.ts';
import type { Bus } from '../bus.ts';
import { createNatsBus } from './nats-bus.ts';
import { connectNats } from './nats-connection.ts';
import { removeNatsSystem } from './nats-stream.ts';

await describeWithEngines('nats', 'NATS JetStream bus', () => {
  busContract('NATS JetStream', async () => {
    // A system of its own per test: its own stream, consumers and dead-letter bucket, removed afterwards.
    const servers = engineUrls().nats;
    const system = uniqueName('bus');
    const open = () => createNatsBus({ servers, system });
    const opened: Bus[] = [await open()];
    return {
      bus: opened[0]!,
      async reopen() {
        const bus = await open();
        opened.push(bus);
        return bus;
      },
      async close() {
        for (const bus of opened) await bus.close();
        const nc = await connectNats({ servers });
        try {
          await removeNatsSystem(nc, system);
        } finally {
          await nc.close();
        }
      },
    };
  });
});
