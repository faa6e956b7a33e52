import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runtimeFilePath } from './runtime-file.ts';

const MAIN = join(import.meta.dirname, 'main.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'mosaic-up-twice-'));
const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'mosaic-stand-in'], { stdio: 'ignore' });
afterAll(() => {
  holder.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('says in one line that Mosaic already runs on the data dir, with its pid, and exits 1 without opening the data', async () => {
  writeFileSync(
    runtimeFilePath(dataDir, 'embedded'),
    JSON.stringify({
      pid: holder.pid,
      startedAt: '2026-01-01T00:00:00.000Z',
      kind: 'embedded',
      systems: { fishdelivery: { gateway: 'http://127.0.0.1:8088', services: {} } },
    }),
  );
  const second = spawn(process.execPath, ['--import', 'tsx', MAIN, 'up', 'fishdelivery', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  second.stdout.on('data', (chunk) => (out += chunk));
  second.stderr.on('data', (chunk) => (err += chunk));
  const code = await new Promise((resolve) => second.once('exit', resolve));

  expect(code).toBe(1);
  expect(err.trim().split('\n')).toEqual([
    `mosaic: Mosaic is already running on ${dataDir} (pid ${holder.pid}, since 2026-01-01T00:00:00.000Z; gateways: fishdelivery http://127.0.0.1:8088): stop it first (Ctrl-C where it runs, or kill ${holder.pid})`,
  ]);
  expect(out).toBe('');
  expect(readdirSync(dataDir)).toEqual(['runtime.json']);
});
