import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createNatsKvRegistry, GATEWAY_SERVICE, type Registry } from '@mosaic/kit/discovery';
import { dropNamespace, freshNamespace, jsonClient, waitFor } from '@mosaic/kit/testing';
import { describeWithEngines, engineUrls } from '@mosaic/kit/testing/engines';
import { afterAll, beforeAll, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '../../..');

interface Topology {
  runtime: string;
  systems: {
    name: string;
    gateway: { url: string } | null;
    services: { name: string; instances: { id: string }[] }[];
  }[];
}

await describeWithEngines('nats', 'mosaic console: the ops console alone, from the NATS KV registry', () => {
  const namespace = freshNamespace();
  const urls = engineUrls();
  let registry: Registry;
  let console_: ChildProcess;
  let consoleUrl: string;
  let stand: Server;
  let standUrl: string;

  beforeAll(async () => {
    // Something that answers where the registry says the gateway and an order instance are.
    stand = createServer((_request, response) => response.end('{"status":"ready"}'));
    await new Promise<void>((resolve) => stand.listen(0, '127.0.0.1', resolve));
    const address = stand.address();
    standUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    registry = await createNatsKvRegistry({ servers: urls.nats, bucket: `${namespace}mosaic_registry` });
    await registry.register({
      id: 'gateway-1',
      system: 'fishdelivery',
      service: GATEWAY_SERVICE,
      url: standUrl,
      ready: true,
    });
    await registry.register({ id: 'order-1', system: 'fishdelivery', service: 'order', url: standUrl, ready: true });

    console_ = spawn(
      process.execPath,
      ['--import', 'tsx', 'packages/cli/src/main.ts', 'console', 'fishdelivery', '--console-port', '0'],
      { cwd: REPO, env: { ...process.env, MOSAIC_NAMESPACE: namespace, MOSAIC_LOG_LEVEL: 'info' }, stdio: 'pipe' },
    );
    let output = '';
    console_.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    console_.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    consoleUrl = await waitFor(() => /ops console ready at (http:\/\/[\d.:]+)/.exec(output)?.[1], {
      what: 'the console to say where it listens',
      timeoutMs: 60_000,
    }).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; it printed: ${output}`);
    });
  }, 90_000);
  afterAll(async () => {
    console_?.kill('SIGTERM');
    await registry?.close();
    stand?.close();
    await dropNamespace({ namespace, urls });
  }, 30_000);

  it('shows the gateway and the service instances it finds in the registry', async () => {
    const answer = await jsonClient(consoleUrl).get<Topology>('/api/topology');
    expect(answer.status).toBe(200);
    expect(answer.body.runtime).toBe('distributed');
    const [system] = answer.body.systems;
    expect(system?.name).toBe('fishdelivery');
    expect(system?.gateway?.url).toBe(standUrl);
    expect(system?.services.find((s) => s.name === 'order')?.instances.map((i) => i.id)).toEqual(['order-1']);
  });
});
