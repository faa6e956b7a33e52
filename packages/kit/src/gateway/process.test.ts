import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttackTarget, attackSuite, floodOnce } from '../testing/conformance/gateway-attacks.ts';
import { call, type SigningKey, signingKey, token } from './test-support.ts';

const SCRIPT = fileURLToPath(new URL('./test-process-main.ts', import.meta.url));
const FLOOD_MAX = 25;

let child: ChildProcess;
let urls: { gateway: string; flood: string; control: string };
let key: SigningKey;
let target: AttackTarget;
let stderr = '';

beforeAll(async () => {
  key = await signingKey();
  child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, MOSAIC_TEST_JWK: JSON.stringify(key.publicJwk), MOSAIC_TEST_FLOOD_MAX: String(FLOOD_MAX) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n', 1)[0]!);
    });
    child.once('exit', (code) => reject(new Error(`the gateway process exited (${code}) before starting: ${stderr}`)));
  });
  urls = JSON.parse(line);
  target = {
    url: urls.gateway,
    key,
    upstreamPaths: async () => (await call(urls.control, 'GET', '/seen')).json() as unknown as string[],
  };
}, 30_000);

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
});

describe('a real gateway process', () => {
  it('proxies a signed-in request to its upstream, with the verified identity', async () => {
    const answer = await call(urls.gateway, 'GET', '/outings/p1', {
      bearer: await token(key, { sub: 'student-000000000077' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ id: 'p1', asker: 'student-000000000077', role: 'student' });
  });

  describe('attack suite', () => {
    attackSuite(() => target);
  });

  it('answers a flood from one IP with 429 once, then 403 with Retry-After', async () => {
    await floodOnce(urls.flood, FLOOD_MAX);
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    await expect(call(urls.gateway, 'GET', '/livez')).rejects.toThrow(/ECONNREFUSED/);
  });
});
