import { describe, expect, it } from 'vitest';
import { targetsFromRuntimeFile } from './runtime-file-targets.ts';

describe('scrape targets of a running embedded mosaic up', () => {
  const record = {
    pid: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    kind: 'embedded' as const,
    systems: {
      fishdelivery: {
        gateway: 'http://127.0.0.1:8088',
        services: { order: 'http://127.0.0.1:8188', payment: 'http://127.0.0.1:8189' },
      },
      donuts: { gateway: 'http://127.0.0.1:8092', services: { sales: 'http://127.0.0.1:8401' } },
    },
  };

  it('lists the gateway and every service of each system asked for, by address', () => {
    expect(targetsFromRuntimeFile(record, ['fishdelivery', 'school'])).toEqual([
      { system: 'fishdelivery', service: 'gateway', instance: '127.0.0.1:8088', address: '127.0.0.1:8088' },
      { system: 'fishdelivery', service: 'order', instance: '127.0.0.1:8188', address: '127.0.0.1:8188' },
      { system: 'fishdelivery', service: 'payment', instance: '127.0.0.1:8189', address: '127.0.0.1:8189' },
    ]);
  });

  it('lists nothing of a system still starting (its gateway not up yet)', () => {
    expect(
      targetsFromRuntimeFile({ ...record, systems: { donuts: { gateway: '', services: {} } } }, ['donuts']),
    ).toEqual([]);
  });
});
