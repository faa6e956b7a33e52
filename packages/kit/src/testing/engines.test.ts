import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeWithEngines, type EngineKind, engineAvailable, engineMissingLine, engineUrls } from './engines.ts';

describe('engine URLs', () => {
  it('defaults to this machine and takes the MOSAIC_* variables', () => {
    expect(engineUrls({})).toEqual({
      postgres: 'postgres://127.0.0.1:5432',
      mysql: 'mysql://root@127.0.0.1:3306',
      nats: 'nats://127.0.0.1:4222',
      redis: 'redis://127.0.0.1:6379',
    });
    expect(engineUrls({ MOSAIC_NATS_URL: 'nats://bus:4222' }).nats).toBe('nats://bus:4222');
  });

  it('names the engine, where it was looked for and how to start it', () => {
    const line = engineMissingLine('mysql', { ...engineUrls({}), mysql: 'mysql://root@db:3307' });
    expect(line).toMatch(/^MySQL\/MariaDB is not reachable at mysql:\/\/root@db:3307: start it .*MOSAIC_MYSQL_URL/);
  });

  it.each(['postgres', 'mysql', 'nats', 'redis'] as EngineKind[])('finds no %s where none listens', async (kind) => {
    const nowhere = {
      postgres: 'postgres://127.0.0.1:1',
      mysql: 'mysql://root@127.0.0.1:1',
      nats: 'nats://127.0.0.1:1',
      redis: 'redis://127.0.0.1:1',
    };
    expect(await engineAvailable(kind, nowhere)).toBe(false);
  });
});

await describeWithEngines(['postgres', 'mysql', 'nats', 'redis'], 'engines on this machine', () => {
  it.each(['postgres', 'mysql', 'nats', 'redis'] as EngineKind[])('finds %s answering its protocol', async (kind) => {
    expect(await engineAvailable(kind)).toBe(true);
  });
});

const engines = fileURLToPath(new URL('./engines.ts', import.meta.url));
const vitest = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs');

/** Runs a one-suite project in a child vitest, with PostgreSQL pointed at a closed port. */
function runSuite(required: boolean, declaration: string) {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-engines-'));
  try {
    writeFileSync(
      join(dir, 'needs-something.test.ts'),
      `import { it } from 'vitest';\nimport { describeWithEngines } from ${JSON.stringify(engines)};\n${declaration}\n`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env, MOSAIC_POSTGRES_URL: 'postgres://127.0.0.1:1' };
    if (required) env.MOSAIC_ENGINES = 'required';
    else delete env.MOSAIC_ENGINES;
    const run = spawnSync(process.execPath, [vitest, 'run', '--root', dir], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a suite that needs a missing engine', () => {
  const declaration = "await describeWithEngines('postgres', 'needs postgres', () => { it('runs', () => {}); });";
  const line = 'PostgreSQL is not reachable at postgres://127.0.0.1:1: start it';

  it('fails with one line naming it when MOSAIC_ENGINES=required', () => {
    const { status, output } = runSuite(true, declaration);
    expect(status).not.toBe(0);
    expect(output).toContain(line);
    expect(output).toMatch(/1 failed/);
  });

  it('is skipped, saying why, otherwise', () => {
    const { status, output } = runSuite(false, declaration);
    expect(status).toBe(0);
    expect(output).toContain(line);
    expect(output).toMatch(/1 skipped/);
  });
});

describe('a suite that needs a missing program', () => {
  const program = "{ name: 'nothing', path: '/nonexistent/nothing', install: 'apt install nothing' }";
  const declaration = `await describeWithEngines([], 'needs nothing', () => { it('runs', () => {}); }, [${program}]);`;
  const line = 'no nothing at /nonexistent/nothing: apt install nothing';

  it('fails with one line naming it when MOSAIC_ENGINES=required', () => {
    const { status, output } = runSuite(true, declaration);
    expect(status).not.toBe(0);
    expect(output).toContain(line);
    expect(output).toMatch(/1 failed/);
  });

  it('is skipped, saying why, otherwise', () => {
    const { status, output } = runSuite(false, declaration);
    expect(status).toBe(0);
    expect(output).toContain(line);
    expect(output).toMatch(/1 skipped/);
  });
});
