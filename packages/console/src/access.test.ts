import { request as httpRequest } from 'node:http';
import { fishdelivery } from '@mosaic/fishdelivery';
import { createOperatorTokens } from '@mosaic/kit/auth';
import { jsonClient, startTestSystem, type TestSystem } from '@mosaic/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopback } from './access.ts';
import type { Topology } from './api.ts';
import { type RunningConsole, startConsole } from './server.ts';
import { embeddedSource } from './sources/embedded.ts';

const EXPORT = { resourceSpans: [] };

describe('the console bound to another address than loopback', () => {
  let system: TestSystem;
  let console_: RunningConsole;
  let url: string;

  beforeAll(async () => {
    system = await startTestSystem(fishdelivery);
    console_ = await startConsole({
      source: embeddedSource({ runtime: system.runtime, systems: () => [system] }),
      host: '0.0.0.0',
      port: 0,
    });
    // Reached over loopback here, but bound to every address: what it asks depends on where it is bound.
    url = console_.url.replace('0.0.0.0', '127.0.0.1');
  });
  afterAll(async () => {
    await console_?.close();
    await system?.close();
  });

  it("refuses the API without a token, with another system's or a forged one, and answers a running system's operator", async () => {
    const anonymous = await jsonClient(url).get('/api/topology');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm="mosaic console"/);
    expect(anonymous.body).toMatchObject({ type: 'urn:mosaic:problem:operator-token-required' });

    const elsewhere = await createOperatorTokens('fishdelivery', Buffer.alloc(32, 7)).issue();
    for (const token of [elsewhere, 'not-a-token', 'x'.repeat(3000)]) {
      const refused = await jsonClient(url, { authorization: `Bearer ${token}` }).get('/api/topology');
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ type: 'urn:mosaic:problem:operator-token-invalid' });
    }

    const operator = jsonClient(url, { authorization: `Bearer ${system.operatorToken}` });
    const answered = await operator.get<Topology>('/api/topology');
    expect(answered.status).toBe(200);
    expect(answered.body.systems.map((s) => s.name)).toEqual(['fishdelivery']);
    expect((await operator.get('/api/traces')).status).toBe(200);
  });

  it("takes trace exports only with the run's ingest token, which the traces URL carries", async () => {
    expect(console_.tracesUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/traces\?token=[\w-]{20,}$/);
    const withToken = await fetch(console_.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(EXPORT),
    });
    expect(withToken.status).toBe(200);

    const without = await jsonClient(url).post('/v1/traces', EXPORT);
    expect(without.status).toBe(401);
    const wrong = await jsonClient(url).post('/v1/traces?token=guessed', EXPORT);
    expect(wrong.status).toBe(401);
  });

  it('asks nothing on loopback but a loopback Host, and knows loopback when it sees it', async () => {
    const open = await startConsole({
      source: embeddedSource({ runtime: system.runtime, systems: () => [system] }),
      port: 0,
    });
    try {
      expect((await jsonClient(open.url).get('/api/topology')).status).toBe(200);
      expect(open.tracesUrl).toBe(`${open.url}/v1/traces`);
      const port = Number(new URL(open.url).port);
      expect(await statusWithHost(port, `localhost:${port}`)).toBe(200);
      // A name rebound to 127.0.0.1 by someone's web page.
      expect(await statusWithHost(port, `evil.example:${port}`)).toBe(403);
    } finally {
      await open.close();
    }
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.5', '::', 'example.org'].some(isLoopback)).toBe(false);
  });

  it('says the port is taken, and how to choose another, when another program holds it', async () => {
    const port = Number(new URL(url).port);
    const failed = startConsole({
      source: embeddedSource({ runtime: system.runtime, systems: () => [system] }),
      host: '0.0.0.0',
      port,
    });
    await expect(failed).rejects.toThrow(
      new RegExp(`port ${port} on 0.0.0.0, where the ops console listens, is taken.*--console-port`),
    );
  });
});

/** GET /api/topology with a Host header of our choosing (fetch will not send one). */
function statusWithHost(port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path: '/api/topology', headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', reject);
    request.end();
  });
}
