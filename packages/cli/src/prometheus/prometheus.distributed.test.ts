import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fishdelivery from '@mosaic/fishdelivery';
import { type Cluster, type ClusterProcess, jsonClient, startCluster, waitFor } from '@mosaic/kit/testing';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROMETHEUS } from './programs.ts';
import { type PrometheusServer, startPrometheus } from './prometheus-server.ts';

const REPO = join(import.meta.dirname, '../../../..');
const CLI = join(REPO, 'packages/cli/src/main.ts');
const JOB = 'job="mosaic-fishdelivery"';

/** The consumer groups a process reports lag for, read from its own /metrics page. */
async function lagGroupsOf(process: ClusterProcess): Promise<string[]> {
  const page = await (await fetch(`${process.url}/metrics`)).text();
  return [...page.matchAll(/^mosaic_consumer_lag\{[^}]*group="([^"]+)"/gm)].map((m) => m[1]!);
}

await describeWithEngines(
  ['postgres', 'mysql', 'nats', 'redis'],
  'Prometheus scraping fishdelivery as separate processes, from the generated configuration',
  () => {
    let cluster: Cluster;
    let processes: ClusterProcess[];
    let gateway: ClusterProcess;
    let prometheus: PrometheusServer | undefined;
    let dir: string;
    let config: { scrape_configs: { job_name: string; static_configs: { labels: Record<string, string> }[] }[] };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'mosaic-prometheus-test-'));
      cluster = startCluster(fishdelivery, { cli: CLI, cwd: REPO });
      processes = await Promise.all(fishdelivery.services.map((s) => cluster.start(s.definition.name)));
      gateway = await cluster.gateway();
      const file = join(dir, 'prometheus.yml');
      await promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          CLI,
          'prometheus-config',
          'fishdelivery',
          '--distributed',
          '--interval',
          '1s',
          '--out',
          file,
        ],
        { cwd: REPO, env: { ...process.env, MOSAIC_NAMESPACE: cluster.namespace } },
      );
      config = parse(readFileSync(file, 'utf8')) as typeof config;
      prometheus = await startPrometheus(file);
    }, 180_000);
    afterAll(async () => {
      await prometheus?.stop();
      await cluster?.close();
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('lists the gateway and every service process, each by its registry instance id', () => {
      expect(config.scrape_configs.map((job) => job.job_name)).toEqual(['mosaic-fishdelivery']);
      const labels = config.scrape_configs[0]!.static_configs.map((target) => target.labels);
      expect(labels).toEqual(
        expect.arrayContaining([
          { system: 'fishdelivery', service: 'gateway', instance: expect.stringMatching(/^gateway-/) },
          ...processes.map((p) => ({ system: 'fishdelivery', service: p.name, instance: p.instanceId })),
        ]),
      );
      expect(labels).toHaveLength(processes.length + 1);
    });

    it('scrapes every process, and answers request rates at the gateway and the services after orders', async () => {
      const query = (expression: string) => (prometheus as PrometheusServer).query(expression);
      await waitFor(async () => (await query(`sum(up{${JOB}})`))[0]?.value === processes.length + 1, {
        what: 'every target up',
        timeoutMs: 30_000,
        intervalMs: 500,
      });
      const http = jsonClient(gateway.url);
      // Orders over a few seconds, so the 1 s scrapes see the counters rise more than once.
      const until = Date.now() + 6_000;
      let placed = 0;
      while (Date.now() < until) {
        const response = await http.post('/orders', {
          customerName: `prometheus-${placed}`,
          fishName: 'mackerel',
          qty: 1,
          telephone: '01000000000',
          address: 'Jeju',
        });
        if (response.status === 201) placed++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(placed).toBeGreaterThan(0);
      const gatewayRate = await waitFor(
        async () => {
          const [sample] = await query(
            `sum(rate(mosaic_gateway_requests_total{${JOB},service="gateway",route="/orders",method="POST"}[30s]))`,
          );
          return sample && sample.value > 0 ? sample.value : undefined;
        },
        { what: 'a POST /orders rate at the gateway', timeoutMs: 30_000, intervalMs: 500 },
      );
      expect(gatewayRate).toBeGreaterThan(0);
      const byService = await waitFor(
        async () => {
          const samples = await query(`sum by (service) (rate(mosaic_http_requests_total{${JOB}}[30s]))`);
          const rates = Object.fromEntries(samples.map((s) => [s.metric.service, s.value]));
          return (rates.order ?? 0) > 0 && (rates.payment ?? 0) > 0 ? rates : undefined;
        },
        { what: 'request rates at order and at payment (which order calls)', timeoutMs: 30_000, intervalMs: 500 },
      );
      expect(byService.order).toBeGreaterThan(0);
      expect(byService.payment).toBeGreaterThan(0);
    });

    it("runs every query of the Grafana dashboard, and its consumer lag panel shows fishdelivery's groups", async () => {
      const query = (expression: string) => (prometheus as PrometheusServer).query(expression);
      const grafana = JSON.parse(readFileSync(join(REPO, 'deploy/grafana/mosaic.json'), 'utf8')) as {
        panels: { title: string; targets?: { expr: string }[] }[];
      };
      // Grafana's own variables, as it would fill them in: every system, a rate window of a few scrapes.
      const filled = (expr: string) => expr.replaceAll('$__rate_interval', '1m').replaceAll('$system', '.*');
      const answers = new Map<string, number>();
      for (const panel of grafana.panels) {
        for (const target of panel.targets ?? []) answers.set(panel.title, (await query(filled(target.expr))).length);
      }
      expect(answers.size).toBeGreaterThan(10);
      expect(answers.get('Consumer lag')).toBeGreaterThan(0);
      expect(answers.get('Gateway requests / s')).toBeGreaterThan(0);
    });

    it("answers every consumer group's lag, back to 0 once the orders' events are handled", async () => {
      const query = (expression: string) => (prometheus as PrometheusServer).query(expression);
      const groups = (await Promise.all(processes.map(lagGroupsOf))).flat().sort();
      expect(groups.length).toBeGreaterThan(0);
      const lag = await waitFor(
        async () => {
          const samples = await query(`max by (group) (mosaic_consumer_lag{${JOB}})`);
          const answered = samples.map((s) => s.metric.group).sort();
          if (JSON.stringify(answered) !== JSON.stringify(groups)) return undefined;
          return samples.every((s) => s.value === 0) ? samples : undefined;
        },
        { what: 'a lag of 0 answered for every group', timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(lag.map((s) => s.value)).toEqual(groups.map(() => 0));
      const [handled] = await query(`sum(increase(mosaic_consumer_events_total{${JOB},outcome="handled"}[5m]))`);
      expect(handled?.value).toBeGreaterThan(0);
    });
  },
  [PROMETHEUS],
);
