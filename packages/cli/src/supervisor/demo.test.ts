import fishdelivery from '@mosaic/fishdelivery';
import { describe, expect, it } from 'vitest';
import type { ChildStatus } from './child.ts';
import { readyAddresses } from './demo.ts';
import { planProcesses } from './plan.ts';

/** The supervisor's statuses for fishdelivery with two stores, each ready on its own port unless named. */
function statuses(notReady: string[] = []): ChildStatus[] {
  const plan = planProcesses([fishdelivery], new Map([['fishdelivery/store', 2]]), { ephemeralGateways: false });
  return plan.map((spec, i) => {
    const ready = !notReady.includes(spec.name);
    return {
      spec,
      phase: ready ? 'ready' : 'starting',
      restarts: 0,
      ...(ready ? { url: `http://127.0.0.1:${9000 + i}` } : {}),
    };
  });
}

describe("a system's addresses for its demo", () => {
  it('are known once every process of the system is ready, a replicated service through its first replica', () => {
    const addresses = readyAddresses(fishdelivery, statuses());
    expect(addresses?.gatewayUrl).toBe('http://127.0.0.1:9005');
    expect(Object.fromEntries([...(addresses?.services ?? [])].map(([name, s]) => [name, s.url]))).toEqual({
      order: 'http://127.0.0.1:9000',
      payment: 'http://127.0.0.1:9001',
      store: 'http://127.0.0.1:9002',
      delivery: 'http://127.0.0.1:9004',
    });
  });

  it('are not known while any replica or the gateway is still starting', () => {
    expect(readyAddresses(fishdelivery, statuses(['fishdelivery/store#2']))).toBeUndefined();
    expect(readyAddresses(fishdelivery, statuses(['fishdelivery/gateway']))).toBeUndefined();
  });

  it("ignore other systems' processes", () => {
    const others = statuses().map((s) => ({
      ...s,
      spec: { ...s.spec, system: 'fish', args: [s.spec.args[0]!, s.spec.args[1]!.replace('fishdelivery', 'fish')] },
    }));
    expect(readyAddresses(fishdelivery, others)).toBeUndefined();
  });
});
