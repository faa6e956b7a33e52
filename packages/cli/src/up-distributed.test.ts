import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDistributedConfig } from '@mosaic/kit/runtime';
import { dropNamespace, freshNamespace, jsonClient, waitFor } from '@mosaic/kit/testing';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { afterAll, expect, it } from 'vitest';
import { runtimeFilePath } from './runtime-file.ts';

const MAIN = join(import.meta.dirname, 'main.ts');
const namespace = freshNamespace();
const dataDir = mkdtempSync(join(tmpdir(), 'mosaic-up-'));
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await dropNamespace(readDistributedConfig({ ...process.env, MOSAIC_NAMESPACE: namespace }));
});

interface Line {
  name: string;
  pid: string;
  port: string;
  ready: string;
  restarts: string;
}

/** `fishdelivery/store#1 pid=… port=… ready=yes restarts=0 state=ready` → its fields. */
function parse(line: string): Line | undefined {
  const match = /^(\S+) pid=(\S+) port=(\S+) ready=(\S+) restarts=(\d+) /.exec(line);
  if (!match) return undefined;
  const [, name, pid, port, ready, restarts] = match as unknown as [string, string, string, string, string, string];
  return { name, pid, port, ready, restarts };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'mosaic up --distributed', () => {
  it('starts every service replica and the gateway as processes, restarts a killed one, and stops them all on Ctrl-C', async () => {
    const supervisor = spawn(
      process.execPath,
      [
        ...['--import', 'tsx', MAIN, 'up', '--distributed', 'fishdelivery', '--ephemeral', '--replicas', 'store=2'],
        // Port 8000 may be another run's: any free one, as the gateways' are.
        ...['--console-port', '0'],
      ],
      {
        env: { ...process.env, MOSAIC_NAMESPACE: namespace, MOSAIC_DATA: dataDir, MOSAIC_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    supervisor.stdout.on('data', (chunk) => (out += chunk));
    supervisor.stderr.on('data', (chunk) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => supervisor.once('exit', (code) => resolve(code)));
    const latest = () => {
      const state = new Map<string, Line>();
      for (const line of out.split('\n')) {
        const parsed = parse(line);
        if (parsed) state.set(parsed.name, parsed);
      }
      return state;
    };
    const names = [
      'fishdelivery/order',
      'fishdelivery/payment',
      'fishdelivery/store#1',
      'fishdelivery/store#2',
      'fishdelivery/delivery',
      'fishdelivery/gateway',
    ];
    const pids = new Set<number>();
    try {
      await waitFor(() => names.every((n) => latest().get(n)?.ready === 'yes'), {
        what: `every process to be ready; output so far:\n${out}`,
        timeoutMs: 90_000,
        intervalMs: 100,
      });
      for (const n of names) pids.add(Number(latest().get(n)?.pid));
      const gatewayUrl = `http://127.0.0.1:${latest().get('fishdelivery/gateway')?.port}`;
      // --ephemeral put the gateway on a free port: the person who started it is told where.
      expect(out.split('\n')).toContain(`fishdelivery gateway: ${gatewayUrl}`);
      // And where the ops console is, which sees every process the supervisor started.
      const consoleUrl = /^ops console: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
      expect(consoleUrl).toBeDefined();
      const topology = await waitFor(
        async () => {
          const { body } = await jsonClient(`${consoleUrl}`).get<{
            systems: { services: { instances: unknown[] }[] }[];
          }>('/api/topology');
          const counts = body.systems[0]?.services.map((s) => s.instances.length);
          return counts?.join(',') === '1,1,2,1' ? body : undefined;
        },
        { what: 'the console to see every replica in the registry' },
      );
      expect(topology.systems).toHaveLength(1);
      const http = jsonClient(gatewayUrl);
      const placed = await waitFor(
        async () => {
          const response = await http.post<{ orderId: number }>('/orders', {
            customerName: 'up-test',
            fishName: 'flatfish',
            qty: 1,
            telephone: '01012341234',
            address: 'Seoul',
          });
          return response.status === 201 ? response.body.orderId : undefined;
        },
        { what: 'an order through the supervised gateway', timeoutMs: 20_000, intervalMs: 200 },
      );
      await waitFor(async () => (await http.get<{ status?: string }>(`/myPages/${placed}`)).body?.status === 'paid', {
        what: 'the order to be paid in MyPage',
      });

      const victim = Number(latest().get('fishdelivery/store#1')?.pid);
      process.kill(victim, 'SIGKILL');
      const back = await waitFor(
        () => {
          const line = latest().get('fishdelivery/store#1');
          return line?.ready === 'yes' && line.restarts === '1' && Number(line.pid) !== victim ? line : undefined;
        },
        { what: 'store#1 to be restarted', timeoutMs: 60_000, intervalMs: 100 },
      );
      pids.add(Number(back.pid));
      expect(out).toMatch(
        /fishdelivery\/store#1 pid=- port=- ready=no restarts=1 state=restarting in \d s \(last: SIGKILL\)/,
      );
      expect(readdirSync(join(dataDir, 'logs')).sort()).toEqual(
        [
          'fishdelivery-delivery.log',
          'fishdelivery-gateway.log',
          'fishdelivery-order.log',
          'fishdelivery-payment.log',
          'fishdelivery-store-1.log',
          'fishdelivery-store-2.log',
        ].sort(),
      );
      expect(existsSync(runtimeFilePath(dataDir, 'distributed'))).toBe(true);

      supervisor.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(out).toContain('stopped.');
      const survivors = [...pids].filter((pid) => pid !== victim && alive(pid));
      expect(survivors).toEqual([]);
      expect(existsSync(runtimeFilePath(dataDir, 'distributed'))).toBe(false);
    } finally {
      if (supervisor.exitCode === null) supervisor.kill('SIGKILL');
      for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('refuses to start when an engine is missing, with one line naming it and how to start it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'up', '--distributed', 'fishdelivery'], {
      env: { ...process.env, MOSAIC_NAMESPACE: namespace, MOSAIC_MYSQL_URL: 'mysql://root@127.0.0.1:1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    const lines = err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^mosaic: failed: MySQL\/MariaDB is not reachable at mysql:\/\/root@127\.0\.0\.1:1 \(ECONNREFUSED\): start it \(.*mariadb.*\) or point MOSAIC_MYSQL_URL at a running one$/,
    );
  });
});

it('says in one line that Redis is missing when `mosaic run` cannot reach it', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'run', 'fishdelivery/order'], {
    env: { ...process.env, MOSAIC_REDIS_URL: 'redis://127.0.0.1:1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (chunk) => (err += chunk));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(err.trim().split('\n')).toEqual([
    expect.stringMatching(
      /^mosaic: failed: Redis is not reachable at redis:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\): start it \(`redis-server.*\) or point MOSAIC_REDIS_URL at a running one$/,
    ),
  ]);
});
