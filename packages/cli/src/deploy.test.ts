import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDistributedConfig } from '@mosaic/kit/runtime';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { PROMTOOL } from './prometheus/programs.ts';
import { SYSTEMS } from './systems.ts';

// No Docker engine runs here, so the deployment files are checked against the code instead: every process
// they start must be one the CLI knows, on the port the system declares, with the variables the runtime reads.
const DEPLOY = join(import.meta.dirname, '../../../deploy');
const CLI = ['node', '--import', 'tsx', 'packages/cli/src/main.ts'];

/**
 * What each file should start, for every system the CLI knows: `run <system>/<service>` on its declared port,
 * `gateway <system>` on the gateway's. A new system is not done until its manifests are written.
 */
const expected = SYSTEMS.flatMap((system) => [
  ...system.services.map((s) => ({ args: ['run', `${system.name}/${s.definition.name}`], port: s.port })),
  { args: ['gateway', system.name], port: system.gateway.port },
]);

interface Container {
  command?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  envFrom?: ({ configMapRef: { name: string } } | { secretRef: { name: string; optional?: boolean } })[];
}

/** What these tests read of a manifest: a Deployment's pod template, a Service's ports, a ConfigMap's data. */
interface K8sDocument {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { template?: { spec: { containers: Container[] } }; ports?: { port: number }[] };
  data?: Record<string, string>;
}

describe('deploy/compose.distributed.yaml', () => {
  const compose = parse(readFileSync(join(DEPLOY, 'compose.distributed.yaml'), 'utf8'), { merge: true }) as {
    services: Record<
      string,
      { command?: string[]; environment?: Record<string, string>; ports?: string[]; volumes?: string[] }
    >;
  };
  const processes = Object.values(compose.services).filter(
    (s) => s.command?.[0] === 'node' && s.command[CLI.length] !== 'console',
  );

  it('starts every service and gateway once, through the CLI, on its declared port', () => {
    const started = processes.map((s) => ({
      args: s.command?.slice(CLI.length),
      port: Number(s.environment?.MOSAIC_PORT),
    }));
    expect(processes.every((s) => s.command?.slice(0, CLI.length).join(' ') === CLI.join(' '))).toBe(true);
    expect(started).toEqual(expect.arrayContaining(expected));
    expect(started).toHaveLength(expected.length);
    // Each gateway published on its embedded port, the console and Prometheus on theirs; nothing else is published.
    const published = Object.entries(compose.services).filter(([, s]) => s.ports);
    expect(Object.fromEntries(published.map(([name, s]) => [name, s.ports]))).toEqual({
      ...Object.fromEntries(SYSTEMS.map((s) => [`${s.name}-gateway`, [`${s.gateway.port}:${s.gateway.port}`]])),
      console: ['8000:8000'],
      prometheus: ['9090:9090'],
    });
  });

  it('runs the ops console through the CLI on every address of its container, on the engines', () => {
    const console = compose.services.console;
    expect(console?.command).toEqual([...CLI, 'console', '--console-host', '0.0.0.0', '--console-port', '8000']);
    expect(readDistributedConfig(console?.environment ?? {}).urls.nats).toBe('nats://nats:4222');
  });

  it('runs Prometheus on a configuration that finds every gateway and service container by name and port', () => {
    expect(compose.services.prometheus?.volumes).toContain(
      './prometheus/distributed.yml:/etc/prometheus/prometheus.yml:ro',
    );
    const config = parse(readFileSync(join(DEPLOY, 'prometheus', 'distributed.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; dns_sd_configs: { names: string[]; port: number }[] }[];
    };
    const found = config.scrape_configs.flatMap((job) =>
      job.dns_sd_configs.map((sd) => ({ job: job.job_name, name: sd.names[0], port: sd.port })),
    );
    const containers = Object.entries(compose.services)
      .filter(([, s]) => s.command?.[0] === 'node' && s.command[CLI.length] !== 'console')
      .map(([name, s]) => ({ job: `mosaic-${name.split('-')[0]}`, name, port: Number(s.environment?.MOSAIC_PORT) }));
    expect(found).toEqual(expect.arrayContaining(containers));
    expect(found).toHaveLength(containers.length);
  });

  it('points every process at the compose engines, in the variables the runtime reads', () => {
    for (const service of processes) {
      const config = readDistributedConfig(service.environment ?? {});
      expect(config.urls).toEqual({
        postgres: 'postgres://postgres@postgres:5432',
        mysql: 'mysql://root@mariadb:3306',
        nats: 'nats://nats:4222',
        redis: 'redis://redis:6379',
      });
      expect(service.environment?.MOSAIC_HOST).toBe('auto');
    }
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'mariadb', 'nats', 'redis']));
  });
});

describe('deploy/k8s', () => {
  const kustomization = parse(readFileSync(join(DEPLOY, 'k8s', 'kustomization.yaml'), 'utf8')) as {
    resources: string[];
  };
  const documents = kustomization.resources.flatMap((file) =>
    parseAllDocuments(readFileSync(join(DEPLOY, 'k8s', file), 'utf8')).map((doc) => {
      expect(doc.errors, file).toEqual([]);
      return doc.toJS() as K8sDocument;
    }),
  );
  const systemNames = new Set(SYSTEMS.map((s) => s.name));
  const ofSystems = (d: K8sDocument) => systemNames.has(d.metadata.labels?.['app.kubernetes.io/part-of'] ?? '');
  const deployments = documents.filter((d) => d.kind === 'Deployment' && ofSystems(d));
  const containers = deployments.map((d): Container => d.spec?.template?.spec.containers[0] ?? {});
  const named = (kind: string, name: string) => documents.find((d) => d.kind === kind && d.metadata.name === name);

  it('has a Deployment for every service and gateway, started through the CLI on its declared port', () => {
    const started = containers.map((c) => ({
      args: c.command?.slice(CLI.length),
      port: Number(c.env?.find((e) => e.name === 'MOSAIC_PORT')?.value),
    }));
    expect(started).toEqual(expect.arrayContaining(expected));
    expect(started).toHaveLength(expected.length);
  });

  it('advertises each pod by its IP and reads the engines from the ConfigMap the runtime understands', () => {
    const configMap = documents.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'mosaic-engines');
    const config = readDistributedConfig(configMap?.data ?? {});
    expect(config.urls.nats).toBe('nats://nats:4222');
    for (const container of containers) {
      // The engines from the ConfigMap; the settings' key from a secret an operator may or may not create.
      expect(container.envFrom).toEqual([
        { configMapRef: { name: 'mosaic-engines' } },
        { secretRef: { name: 'mosaic-config-key', optional: true } },
      ]);
      expect(container.env?.find((e) => e.name === 'MOSAIC_HOST')?.valueFrom?.fieldRef?.fieldPath).toBe('status.podIP');
    }
    const engineServices = documents.filter((d) => d.kind === 'Service').map((d) => d.metadata.name);
    for (const url of Object.values(config.urls)) expect(engineServices).toContain(new URL(url).hostname);
  });

  it("exposes each system's gateway, and only the gateway, as a Service on its embedded port", () => {
    const services = documents.filter((d) => d.kind === 'Service' && d.metadata.name.endsWith('-gateway'));
    const exposed = Object.fromEntries(services.map((d) => [d.metadata.name, d.spec?.ports?.map((p) => p.port)]));
    expect(exposed).toEqual(Object.fromEntries(SYSTEMS.map((s) => [`${s.name}-gateway`, [s.gateway.port]])));
  });

  it('runs the ops console on every address of its pod, on the engines of the ConfigMap, behind a Service', () => {
    const container = named('Deployment', 'mosaic-console')?.spec?.template?.spec.containers[0];
    expect(container?.command).toEqual([...CLI, 'console', '--console-host', '0.0.0.0', '--console-port', '8000']);
    expect(container?.envFrom).toContainEqual({ configMapRef: { name: 'mosaic-engines' } });
    expect(named('Service', 'mosaic-console')?.spec?.ports?.map((p) => p.port)).toEqual([8000]);
  });

  it("runs Prometheus discovering the systems' pods, labelled as `mosaic prometheus-config` labels them", () => {
    const config = parse(named('ConfigMap', 'prometheus-config')?.data?.['prometheus.yml'] ?? '') as {
      scrape_configs: { kubernetes_sd_configs: unknown[]; relabel_configs: { target_label?: string }[] }[];
    };
    const [job] = config.scrape_configs;
    expect(job?.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['mosaic'] } }]);
    const labelled = job?.relabel_configs.map((r) => r.target_label).filter(Boolean);
    expect(labelled).toEqual(['system', 'job', 'service', 'instance']);
    // Every system's pods carry the label the discovery keeps them by, on the port it scrapes.
    for (const deployment of deployments) {
      const template = deployment.spec?.template as
        | { metadata?: { labels?: Record<string, string> }; spec: { containers: { ports?: { name: string }[] }[] } }
        | undefined;
      expect(systemNames.has(template?.metadata?.labels?.['app.kubernetes.io/part-of'] ?? '')).toBe(true);
      expect(template?.spec.containers[0]?.ports?.map((p) => p.name)).toEqual(['http']);
    }
  });
});

describe('deploy/compose.yaml', () => {
  const compose = parse(readFileSync(join(DEPLOY, 'compose.yaml'), 'utf8')) as {
    services: Record<string, { command?: string[]; ports?: string[]; volumes?: string[] }>;
  };

  it('serves the ops console of the one container on every address, published on 8000', () => {
    expect(compose.services.mosaic?.command).toEqual([
      ...CLI,
      'up',
      '--console-host',
      '0.0.0.0',
      '--console-port',
      '8000',
    ]);
    expect(compose.services.mosaic?.ports).toContain('8000:8000');
  });

  it("runs Prometheus on a configuration that scrapes every gateway and service on the system's port", () => {
    expect(compose.services.prometheus?.volumes).toContain(
      './prometheus/embedded.yml:/etc/prometheus/prometheus.yml:ro',
    );
    const config = parse(readFileSync(join(DEPLOY, 'prometheus', 'embedded.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[]; labels: Record<string, string> }[] }[];
    };
    const found = config.scrape_configs.flatMap((job) =>
      job.static_configs.map((target) => ({ job: job.job_name, target: target.targets[0], ...target.labels })),
    );
    const processes = SYSTEMS.flatMap((system) =>
      [
        { service: 'gateway', port: system.gateway.port },
        ...system.services.map((s) => ({ service: s.definition.name, port: s.port })),
      ].map(({ service, port }) => ({
        job: `mosaic-${system.name}`,
        target: `mosaic:${port}`,
        system: system.name,
        service,
        instance: `mosaic:${port}`,
      })),
    );
    expect(found).toEqual(processes);
  });
});

await describeWithEngines(
  [],
  "deploy/prometheus: Prometheus's own check of the compose configurations",
  () => {
    it.each(['embedded.yml', 'distributed.yml'])('%s passes promtool check config', (file) => {
      const run = spawnSync(PROMTOOL.path, ['check', 'config', join(DEPLOY, 'prometheus', file)], { encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`).toContain('SUCCESS');
      expect(run.status).toBe(0);
    });
  },
  [PROMTOOL],
);
