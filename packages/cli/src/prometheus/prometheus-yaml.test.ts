import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROMTOOL } from './programs.ts';
import { prometheusConfig } from './prometheus-yaml.ts';
import type { ScrapeTarget } from './scrape-targets.ts';

const targets: ScrapeTarget[] = [
  { system: 'fishdelivery', service: 'gateway', instance: 'gateway-1a2b3c4d', address: '10.0.0.5:8088' },
  { system: 'fishdelivery', service: 'order', instance: 'order-5e6f7a8b', address: '10.0.0.6:8188' },
  { system: 'fishdelivery', service: 'order', instance: 'order-9c0d1e2f', address: '10.0.0.7:8188' },
  { system: 'donuts', service: 'sales', instance: '127.0.0.1:8401', address: '127.0.0.1:8401' },
];

interface Parsed {
  global: { scrape_interval: string };
  scrape_configs: {
    job_name: string;
    metrics_path: string;
    static_configs: { targets: string[]; labels: Record<string, string> }[];
  }[];
}

describe('a Prometheus configuration for the running processes', () => {
  const yaml = prometheusConfig(targets, { interval: '5s', source: 'a test' });
  const parsed = parse(yaml) as Parsed;

  it('has one job per system and a target per process, labelled with its system, service and instance', () => {
    expect(parsed.global.scrape_interval).toBe('5s');
    expect(parsed.scrape_configs.map((job) => job.job_name)).toEqual(['mosaic-fishdelivery', 'mosaic-donuts']);
    const fishdelivery = parsed.scrape_configs[0]!;
    expect(fishdelivery.metrics_path).toBe('/metrics');
    expect(fishdelivery.static_configs).toEqual([
      {
        targets: ['10.0.0.5:8088'],
        labels: { system: 'fishdelivery', service: 'gateway', instance: 'gateway-1a2b3c4d' },
      },
      { targets: ['10.0.0.6:8188'], labels: { system: 'fishdelivery', service: 'order', instance: 'order-5e6f7a8b' } },
      { targets: ['10.0.0.7:8188'], labels: { system: 'fishdelivery', service: 'order', instance: 'order-9c0d1e2f' } },
    ]);
  });

  it('writes a name YAML would misread as the same string', () => {
    const odd = prometheusConfig([{ ...targets[0]!, instance: 'yes: #1, [no]' }], { interval: '1m', source: 'x' });
    expect((parse(odd) as Parsed).scrape_configs[0]!.static_configs[0]!.labels.instance).toBe('yes: #1, [no]');
  });

  it('refuses a scrape interval Prometheus would not read', () => {
    expect(() => prometheusConfig(targets, { interval: '5 seconds', source: 'x' })).toThrow(/Prometheus duration/);
    expect(() => prometheusConfig(targets, { interval: '0s', source: 'x' })).toThrow(/Prometheus duration/);
  });

  it('is an empty list of jobs when nothing runs', () => {
    expect((parse(prometheusConfig([], { interval: '15s', source: 'x' })) as Parsed).scrape_configs).toEqual([]);
  });
});

await describeWithEngines(
  [],
  "Prometheus's own check of the configuration",
  () => {
    it('passes promtool check config', () => {
      const dir = mkdtempSync(join(tmpdir(), 'mosaic-promtool-'));
      try {
        const file = join(dir, 'prometheus.yml');
        writeFileSync(file, prometheusConfig(targets, { interval: '5s', source: 'a test' }));
        const run = spawnSync(PROMTOOL.path, ['check', 'config', file], { encoding: 'utf8', timeout: 30_000 });
        expect(`${run.stdout}${run.stderr}`).toContain('SUCCESS');
        expect(run.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
  [PROMTOOL],
);
