import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, expect, it } from 'vitest';
import { connectNats } from '../messaging/nats/nats-connection.ts';
import {
  CRASH_SPEC,
  expectHandledOnceAfterLease,
  kill,
  message,
  startCrashingWorker,
} from '../testing/conformance/queues-crash.ts';
import { describeWithEngines, engineUrls, uniqueName } from '../testing/engines.ts';
import { createNatsQueues, removeNatsQueues } from './nats/nats-queues.ts';

await describeWithEngines('nats', 'a NATS queue worker SIGKILLed mid-message', () => {
  const system = uniqueName('crash');
  const cleanUp: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanUp.reverse()) await step();
  });

  it('hands the message to another worker after its visibility timeout, and it is handled once', async () => {
    const connection = await connectNats({ servers: engineUrls().nats });
    cleanUp.push(() => connection.close());
    const queues = await createNatsQueues({ connection, system });
    cleanUp.push(async () => {
      await queues.close();
      await removeNatsQueues(await jetstreamManager(connection), system);
    });
    await queues.declare(CRASH_SPEC);
    const sent = message({ job: 'bake' });
    await queues.send('jobs', [sent]);

    const { child, received } = startCrashingWorker(['nats', system]);
    cleanUp.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const { id, at } = await received;
    expect(id).toBe(sent.id);
    expect((await queues.stats('jobs')).inFlight).toBe(1);
    await kill(child);
    await expectHandledOnceAfterLease(queues, sent.id, at);
  });
});
