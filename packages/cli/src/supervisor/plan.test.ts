import fishdelivery from '@mosaic/fishdelivery';
import { describe, expect, it } from 'vitest';
import { parseReplicas, planProcesses } from './plan.ts';

describe('the supervisor plan', () => {
  it('reads --replicas by service name or system/service', () => {
    const replicas = parseReplicas('store=2,fishdelivery/payment=3', [fishdelivery]);
    expect([...replicas]).toEqual([
      ['fishdelivery/store', 2],
      ['fishdelivery/payment', 3],
    ]);
  });

  it('refuses unknown services and counts below one, saying what it expected', () => {
    expect(() => parseReplicas('kitchen=2', [fishdelivery])).toThrow(/"kitchen".*fishdelivery\/order/);
    expect(() => parseReplicas('store=0', [fishdelivery])).toThrow(/service=count \(count ≥ 1\).*"store=0"/);
    expect(() => parseReplicas('store', [fishdelivery])).toThrow(/service=count/);
  });

  it('plans each replica on a free port and the gateway last on its declared port (or a free one)', () => {
    const plan = planProcesses([fishdelivery], new Map([['fishdelivery/store', 2]]), { ephemeralGateways: false });
    expect(plan.map((p) => [p.name, p.args.join(' '), p.port])).toEqual([
      ['fishdelivery/order', 'run fishdelivery/order', 0],
      ['fishdelivery/payment', 'run fishdelivery/payment', 0],
      ['fishdelivery/store#1', 'run fishdelivery/store', 0],
      ['fishdelivery/store#2', 'run fishdelivery/store', 0],
      ['fishdelivery/delivery', 'run fishdelivery/delivery', 0],
      ['fishdelivery/gateway', 'gateway fishdelivery', 8088],
    ]);
    const ephemeral = planProcesses([fishdelivery], new Map(), { ephemeralGateways: true });
    expect(ephemeral.at(-1)?.port).toBe(0);
  });
});
