import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDistributedConfig } from '@mosaic/kit/runtime';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
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
  metadata: { name: string };
  spec?: { template?: { spec: { containers: Container[] } }; ports?: { port: number }[] };
  data?: Record<string, string>;
}

describe('deploy/compose.distributed.yaml', () => {
  const compose = parse(readFileSync(join(DEPLOY, 'compose.distributed.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, { command?: string[]; environment?: Record<string, string>; ports?: string[] }>;
  };
  const processes = Object.values(compose.services).filter((s) => s.command?.[0] === 'node');

  it('starts every service and gateway once, through the CLI, on its declared port', () => {
    const started = processes.map((s) => ({
      args: s.command?.slice(CLI.length),
      port: Number(s.environment?.MOSAIC_PORT),
    }));
    expect(processes.every((s) => s.command?.slice(0, CLI.length).join(' ') === CLI.join(' '))).toBe(true);
    expect(started).toEqual(expect.arrayContaining(expected));
    expect(started).toHaveLength(expected.length);
    // Each gateway published on its embedded port; nothing else is published.
    const published = Object.entries(compose.services).filter(([, s]) => s.ports);
    expect(Object.fromEntries(published.map(([name, s]) => [name, s.ports]))).toEqual(
      Object.fromEntries(SYSTEMS.map((s) => [`${s.name}-gateway`, [`${s.gateway.port}:${s.gateway.port}`]])),
    );
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
  const deployments = documents.filter((d) => d.kind === 'Deployment');
  const containers = deployments.map((d): Container => d.spec?.template?.spec.containers[0] ?? {});

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
});
