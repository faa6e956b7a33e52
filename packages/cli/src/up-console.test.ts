import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, 'main.ts');

function mosaic(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

describe("mosaic up's console options", () => {
  let holder: Server;
  let held: number;
  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    held = (holder.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it('refuses a console port that is not a port, and --no-console with a console address, as usage errors', async () => {
    const notAPort = await mosaic(['up', '--console-port', 'eighty']);
    expect(notAPort.code).toBe(2);
    expect(notAPort.err.trim()).toBe('mosaic: --console-port must be a port number from 0 to 65535, got "eighty"');
    const both = await mosaic(['up', '--no-console', '--console-host', '0.0.0.0']);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--no-console cannot be combined with --console-port or --console-host/);
  });

  it('stops before any system starts, in one line naming the port and the way out, when the console port is taken', async () => {
    const taken = await mosaic(['up', 'fishdelivery', '--memory', '--no-demo', '--console-port', String(held)]);
    expect(taken.code).toBe(1);
    expect(taken.err.trim()).toBe(
      `mosaic: failed: port ${held} on 127.0.0.1, where the ops console listens, is taken (by another Mosaic, or another program): ` +
        'stop that, or start with --console-port <port> (0: any free port) or --no-console',
    );
    expect(taken.out).not.toMatch(/starting fishdelivery/);
  });
});
