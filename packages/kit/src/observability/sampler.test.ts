import { randomBytes } from 'node:crypto';
import { context, SpanKind } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { samplerFromEnv } from './sampler.ts';

const decide = (env: NodeJS.ProcessEnv, traceId = 'ffffffffffffffffffffffffffffffff') =>
  samplerFromEnv(env).shouldSample(context.active(), traceId, 'span', SpanKind.SERVER, {}, []).decision;

describe('the sampler from OTEL_TRACES_SAMPLER', () => {
  it('records every new trace by default (parentbased_always_on)', () => {
    expect(decide({})).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('takes the standard names and a ratio in OTEL_TRACES_SAMPLER_ARG', () => {
    expect(decide({ OTEL_TRACES_SAMPLER: 'always_off' })).toBe(SamplingDecision.NOT_RECORD);
    const ratio = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' };
    let sampled = 0;
    for (let i = 0; i < 4000; i++) {
      if (decide(ratio, randomBytes(16).toString('hex')) === SamplingDecision.RECORD_AND_SAMPLED) sampled++;
    }
    // A quarter of new traces, within a margin no fair coin leaves (about 9 standard deviations).
    expect(sampled).toBeGreaterThan(750);
    expect(sampled).toBeLessThan(1250);
  });

  it('refuses a name it does not know and a ratio outside 0..1, instead of recording everything', () => {
    expect(() => samplerFromEnv({ OTEL_TRACES_SAMPLER: 'alwayson' })).toThrow(/not one Mosaic knows/);
    expect(() => samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(
      /between 0 and 1/,
    );
  });
});
