import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fishdelivery from '@mosaic/fishdelivery';
import { type DeadLetter, wrap } from '@mosaic/kit/messaging';
import { silentLogger } from '@mosaic/kit/observability';
import { createDistributedRuntime, readDistributedConfig, systemSecretPath } from '@mosaic/kit/runtime';
import { dropNamespace, freshNamespace, startTestSystem, type TestSystem, waitFor } from '@mosaic/kit/testing';
import { describeWithEngines } from '@mosaic/kit/testing/engines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeFilePath } from './runtime-file.ts';

const MAIN = join(import.meta.dirname, 'main.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'mosaic-operator-'));
const emptyDir = mkdtempSync(join(tmpdir(), 'mosaic-operator-empty-'));
// A live process whose command line says Mosaic: the runtime file names it as the one running the systems.
const standIn = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'mosaic-stand-in'], { stdio: 'ignore' });
let system: TestSystem;
let letter: DeadLetter;

/** Runs the real CLI; MOSAIC_OPERATOR_TOKEN only when given, so the caller's shell cannot leak one in. */
async function mosaic(args: readonly string[], env: Record<string, string> = {}) {
  const { MOSAIC_OPERATOR_TOKEN: _, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, out, err };
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

beforeAll(async () => {
  system = await startTestSystem(fishdelivery, { dataDir });
  writeFileSync(
    runtimeFilePath(dataDir, 'embedded'),
    JSON.stringify({
      pid: standIn.pid,
      startedAt: new Date().toISOString(),
      kind: 'embedded',
      systems: {
        fishdelivery: {
          gateway: system.gatewayUrl,
          services: Object.fromEntries([...system.services].map(([name, service]) => [name, service.url])),
        },
      },
    }),
  );
  // A dead letter to list: delivery cannot handle this OrderTaken, five times over.
  // (A well-formed one: an event that breaks its schema would be dead-lettered by every group that takes it.)
  const orderId = 990_001;
  system.faults('delivery').beforeEvent = (event) => {
    if (event.subject === String(orderId)) throw new Error('poison: cannot read this OrderTaken');
  };
  const bus = await system.runtime.bus('fishdelivery');
  const details = { orderId, customerName: 'kim', fishName: 'tuna', qty: 1, telephone: '01012341234', address: 'x' };
  await bus.publish([
    wrap('fishdelivery/test', {
      type: 'OrderTaken',
      subject: String(orderId),
      data: { ...details, fishOrderId: 1, status: 'prepared' },
    }),
  ]);
  const poisoned = (e: DeadLetter) => e.event.subject === String(orderId) && e.group === 'delivery.deliveries';
  letter = await waitFor(async () => (await bus.deadLetters.list()).find(poisoned), {
    what: 'the poison OrderTaken in the dead letters',
  });
});
afterAll(async () => {
  standIn.kill('SIGKILL');
  await system?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(emptyDir, { recursive: true, force: true });
});

describe('mosaic operator-token (embedded)', () => {
  it('prints a token the running system accepts, alone when one system is named, valid for --ttl', async () => {
    const { code, out, err } = await mosaic(['operator-token', 'fishdelivery', '--data', dataDir, '--ttl', '60']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const token = out.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await (await system.runtime.systemKeys('fishdelivery')).operators.verify(token)).toBe(true);
    const claims = claimsOf(token);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(60);
    const listed = await system.direct('order').get('/admin/dlq', { authorization: `Bearer ${token}` });
    expect(listed.status).toBe(200);
  });

  it('names each system started on the data dir when none is named, and only those', async () => {
    const { code, out } = await mosaic(['operator-token', '--data', dataDir]);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines.map((line) => line.split(' ')[0])).toEqual(['fishdelivery']);
    const token = lines[0]?.split(' ')[1] ?? '';
    expect(await (await system.runtime.systemKeys('fishdelivery')).operators.verify(token)).toBe(true);
  });

  it('says a system never started on the data dir has no key yet, and makes none', async () => {
    const { code, out, err } = await mosaic(['operator-token', 'fishdelivery', '--data', emptyDir]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`mosaic: fishdelivery has never been started on ${emptyDir}`);
    expect(err).toContain('--data DIR');
    expect(existsSync(systemSecretPath(emptyDir, 'fishdelivery'))).toBe(false);
  });
});

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'mosaic operator-token --distributed', () => {
  const namespace = freshNamespace();
  const config = readDistributedConfig({ ...process.env, MOSAIC_NAMESPACE: namespace });
  afterAll(() => dropNamespace(config));

  it('prints a token signed with the key every process of the system reads from NATS', async () => {
    const { code, out, err } = await mosaic(['operator-token', 'fishdelivery', '--distributed'], {
      MOSAIC_NAMESPACE: namespace,
    });
    expect(err).toBe('');
    expect(code).toBe(0);
    const runtime = await createDistributedRuntime({ config, logger: silentLogger() });
    try {
      const keys = await runtime.systemKeys('fishdelivery');
      expect(await keys.operators.verify(out.trim())).toBe(true);
    } finally {
      await runtime.close();
    }
  });
});

describe('mosaic dlq against a running system', () => {
  it('lists the dead letters with a token it signs itself', async () => {
    const { code, out, err } = await mosaic(['dlq', 'list', '--data', dataDir]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(letter.id);
    expect(out).toContain('delivery.deliveries');
  });

  it('sends MOSAIC_OPERATOR_TOKEN when set, and says what the service answered when it is refused', async () => {
    const refused = await mosaic(['dlq', 'list', '--data', dataDir], { MOSAIC_OPERATOR_TOKEN: 'not-a-token' });
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('answered 401');
    expect(refused.err).toContain('npm run mosaic -- operator-token fishdelivery');

    const token = await (await system.runtime.systemKeys('fishdelivery')).operators.issue();
    const replayed = await mosaic(['dlq', 'replay', letter.id, '--data', dataDir], { MOSAIC_OPERATOR_TOKEN: token });
    expect(replayed.err).toBe('');
    expect(replayed.code).toBe(0);
    expect(replayed.out.trim()).toBe(`${letter.id}: handed back to delivery.deliveries`);
  });
});
