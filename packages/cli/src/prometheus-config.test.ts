import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runtimeFilePath } from './runtime-file.ts';

const MAIN = join(import.meta.dirname, 'main.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'mosaic-prometheus-config-'));
// A live process whose command line says mosaic, standing in for a running `mosaic up` (as in up.test.ts).
const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'mosaic-stand-in'], { stdio: 'ignore' });
afterAll(() => {
  holder.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function mosaic(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

interface Parsed {
  global: { scrape_interval: string };
  scrape_configs: { job_name: string; static_configs: { targets: string[]; labels: Record<string, string> }[] }[];
}

describe('mosaic prometheus-config', () => {
  it('refuses, saying how to point it somewhere, when no Mosaic runs on the data dir', () => {
    const empty = mkdtempSync(join(tmpdir(), 'mosaic-prometheus-none-'));
    try {
      const { status, out, err } = mosaic('prometheus-config', '--data', empty);
      expect(status).toBe(1);
      expect(out).toBe('');
      expect(err).toMatch(/^mosaic: no Mosaic is running on .*--data.*--distributed/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('writes a job per running system with its gateway and services, from the embedded runtime record', () => {
    writeFileSync(
      runtimeFilePath(dataDir, 'embedded'),
      JSON.stringify({
        pid: holder.pid,
        startedAt: '2026-01-01T00:00:00.000Z',
        kind: 'embedded',
        systems: {
          donuts: { gateway: 'http://127.0.0.1:8092', services: { sales: 'http://127.0.0.1:8401' } },
          fishdelivery: { gateway: 'http://127.0.0.1:8088', services: { order: 'http://127.0.0.1:8081' } },
        },
      }),
    );
    const file = join(dataDir, 'prometheus.yml');
    const { status, err } = mosaic('prometheus-config', '--data', dataDir, '--interval', '5s', '--out', file);
    expect(err).toContain(`wrote 4 scrape targets to ${file}`);
    expect(status).toBe(0);
    const config = parse(readFileSync(file, 'utf8')) as Parsed;
    expect(config.global.scrape_interval).toBe('5s');
    // In the CLI's system order (fishdelivery before donuts), each gateway first.
    expect(
      config.scrape_configs.map((job) => [
        job.job_name,
        job.static_configs.map((t) => `${t.labels.service} ${t.targets[0]}`),
      ]),
    ).toEqual([
      ['mosaic-fishdelivery', ['gateway 127.0.0.1:8088', 'order 127.0.0.1:8081']],
      ['mosaic-donuts', ['gateway 127.0.0.1:8092', 'sales 127.0.0.1:8401']],
    ]);
  });

  it('refuses a scrape interval Prometheus would not read, as a usage error', () => {
    const { status, err } = mosaic('prometheus-config', '--data', dataDir, '--interval', 'often');
    expect(status).toBe(2);
    expect(err).toMatch(/--interval: .*Prometheus duration/);
  });
});
