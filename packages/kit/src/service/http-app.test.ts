import { request } from 'undici';
import { afterEach, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../observability/logger.ts';
import { sleep } from '../testing/faults.ts';
import { createHttpApp } from './http-app.ts';

let close: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

it('finishes a request in flight on close without waiting for its keep-alive connection to time out', async () => {
  const app = createHttpApp({ logger: silentLogger() });
  let arrived = false;
  app.get('/slow', async () => {
    arrived = true;
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
  // Close only once the request is in the handler: a request that arrives after closing began is refused.
  while (!arrived) await sleep(5);
  const started = Date.now();
  await app.close();
  close = undefined;
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(await slow).toEqual({ status: 200, connection: 'close', body: { done: true } });
});

it('logs a failed request once, as one line with each key once', async () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'error', destination: { write: (line: string) => lines.push(line) } });
  const app = createHttpApp({ logger: logger.child({ service: 'order' }) });
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  close = () => app.close();
  const { port } = app.server.address() as { port: number };
  const answer = await request(`http://127.0.0.1:${port}/boom`);
  expect(answer.statusCode).toBe(500);
  await answer.body.dump();
  expect(lines).toHaveLength(1);
  const line = lines[0]!;
  expect(line.match(/"requestId":/g)).toHaveLength(1);
  expect(JSON.parse(line)).toMatchObject({ msg: 'request failed', service: 'order', err: { message: 'boom' } });
});
