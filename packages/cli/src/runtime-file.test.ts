import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Refusal } from './refusal.ts';
import {
  claimDataDir,
  isMosaicProcess,
  readLiveRuntimeFile,
  releaseDataDir,
  runtimeFilePath,
  writeRuntimeFile,
} from './runtime-file.ts';

/** A live process whose command line says Mosaic, standing in for a `mosaic up` started elsewhere. */
function fakeMosaic(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'mosaic-stand-in'], { stdio: 'ignore' });
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

const record = (pid: number, systems = {}) =>
  `${JSON.stringify({ pid, startedAt: '2026-01-01T00:00:00.000Z', systems })}\n`;

describe('the runtime file: who holds a data dir', () => {
  let dataDir: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'mosaic-runtime-file-'));
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is taken by a start, recorded with its pid, and given back at the stop', () => {
    claimDataDir(dataDir, 'embedded');
    const path = runtimeFilePath(dataDir, 'embedded');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, kind: 'embedded', systems: {} });
    writeRuntimeFile(dataDir, 'embedded', {
      pid: process.pid,
      startedAt: '2026-01-01T00:00:00.000Z',
      systems: { school: { gateway: 'http://127.0.0.1:8080', services: {} } },
    });
    expect(JSON.parse(readFileSync(path, 'utf8')).systems.school.gateway).toBe('http://127.0.0.1:8080');
    releaseDataDir(dataDir, 'embedded');
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a second start while a Mosaic runs on it, naming its pid, the data dir and its gateways', async () => {
    const other = fakeMosaic();
    children.push(other);
    await new Promise((resolve) => other.once('spawn', resolve));
    writeFileSync(
      runtimeFilePath(dataDir, 'embedded'),
      record(other.pid!, { school: { gateway: 'http://127.0.0.1:8080', services: {} } }),
    );
    expect(() => claimDataDir(dataDir, 'embedded')).toThrow(Refusal);
    expect(() => claimDataDir(dataDir, 'embedded')).toThrow(
      `Mosaic is already running on ${dataDir} (pid ${other.pid}, since 2026-01-01T00:00:00.000Z; gateways: school http://127.0.0.1:8080): stop it first (Ctrl-C where it runs, or kill ${other.pid})`,
    );
    // The record of the running one is not touched by the refused start, nor by its stop.
    releaseDataDir(dataDir, 'embedded');
    expect(JSON.parse(readFileSync(runtimeFilePath(dataDir, 'embedded'), 'utf8')).pid).toBe(other.pid);
  });

  it('is not blocked by the record of a process that is gone', async () => {
    writeFileSync(runtimeFilePath(dataDir, 'embedded'), record(await deadPid()));
    expect(readLiveRuntimeFile(dataDir)).toBeUndefined();
    claimDataDir(dataDir, 'embedded');
    expect(JSON.parse(readFileSync(runtimeFilePath(dataDir, 'embedded'), 'utf8')).pid).toBe(process.pid);
  });

  it('is not blocked by a record cut short, nor by one left by a process with this very pid (a container restart)', () => {
    writeFileSync(runtimeFilePath(dataDir, 'embedded'), '{"pid": 12');
    claimDataDir(dataDir, 'embedded');
    writeFileSync(runtimeFilePath(dataDir, 'embedded'), record(process.pid));
    claimDataDir(dataDir, 'embedded');
    expect(JSON.parse(readFileSync(runtimeFilePath(dataDir, 'embedded'), 'utf8')).startedAt).not.toBe(
      '2026-01-01T00:00:00.000Z',
    );
  });

  it.skipIf(!existsSync('/proc/self/cmdline'))(
    'is not blocked by a live pid that now belongs to another program',
    async () => {
      const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
      children.push(stranger);
      await new Promise((resolve) => stranger.once('spawn', resolve));
      expect(isMosaicProcess(stranger.pid!)).toBe(false);
      writeFileSync(runtimeFilePath(dataDir, 'embedded'), record(stranger.pid!));
      claimDataDir(dataDir, 'embedded');
      expect(JSON.parse(readFileSync(runtimeFilePath(dataDir, 'embedded'), 'utf8')).pid).toBe(process.pid);
    },
  );

  it('keeps the embedded and the distributed records apart, so either may run beside the other', () => {
    claimDataDir(dataDir, 'distributed');
    claimDataDir(dataDir, 'embedded');
    expect(existsSync(runtimeFilePath(dataDir, 'distributed'))).toBe(true);
    expect(existsSync(runtimeFilePath(dataDir, 'embedded'))).toBe(true);
  });
});
