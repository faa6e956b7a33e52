import { request } from 'undici';
import { afterEach, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger.ts';
import { sleep } from './faults.ts';
import { createHttpApp } from './http-app.ts';

let close: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

it('finishes a request in flight on close without waiting for its keep-alive connection to time out', async () => {
  const app = createHttpApp({ logger: silentLogger(), faults: {} });
  app.get('/slow', async () => {
    await sleep(100);
    return { done: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  close = () => app.close();
  const { port } = app.server.address() as { port: number };
  // undici keeps the connection alive: without help, closing would wait for it until its keep-alive timeout.
  const slow = request(`http://127.0.0.1:${port}/slow`).then(async (r) => ({
    status: r.statusCode,
    connection: r.headers.connection,
    body: await r.body.json(),
  }));
  await sleep(30);
  const started = Date.now();
  await app.close();
  close = undefined;
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(await slow).toEqual({ status: 200, connection: 'close', body: { done: true } });
});
