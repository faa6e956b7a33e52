import { afterAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver } from '../testing/otlp-receiver.ts';
import { exportSpansTo, flushSpans, traceparentOf, tracerFor } from './tracing.ts';

describe('where spans go', () => {
  const receiving = startOtlpReceiver();
  afterAll(async () => (await receiving).close());

  it('records nothing while spans have nowhere to go, yet still makes ids that travel', () => {
    const span = tracerFor({ system: 'test', service: 'nowhere' }).startSpan('unsent');
    expect(span.isRecording()).toBe(false);
    expect(traceparentOf(span)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it('sends what a service records to a destination added later, as that service, until it is stopped', async () => {
    const receiver = await receiving;
    // Made before the destination exists, as a service started before `mosaic up`'s console would be.
    const tracer = tracerFor({ system: 'test', service: 'orders', instance: 'orders-1' });
    const stop = exportSpansTo(`${receiver.url}/v1/traces`);
    tracer.startSpan('sent').end();
    await flushSpans();
    expect(receiver.spans.map((s) => [s.name, s.system, s.service])).toEqual([['sent', 'test', 'orders']]);

    await stop();
    const after = tracer.startSpan('after the stop');
    expect(after.isRecording()).toBe(false);
    after.end();
    await flushSpans();
    expect(receiver.spans.map((s) => s.name)).toEqual(['sent']);
    expect(receiver.refused).toBe(0);
  });
});
