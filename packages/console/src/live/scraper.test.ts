import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SystemDefinition } from '@mosaic/kit/runtime';
import { waitFor } from '@mosaic/kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConsoleSource } from '../sources/source.ts';
import { startScraper } from './scraper.ts';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A gateway that counts how often its /metrics is read. */
async function countedGateway() {
  let scrapes = 0;
  const server = createServer((_request, response) => {
    scrapes++;
    response.writeHead(200, { 'content-type': 'text/plain' }).end('# nothing yet\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, scrapes: () => scrapes, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the live figures scraper', () => {
  const gateway = countedGateway();
  afterAll(async () => (await gateway).close());

  it('reads nothing until the figures are asked for, and pauses once nobody has asked for watchMs', async () => {
    const { url, scrapes } = await gateway;
    // One system with only a gateway: the console's source as it would see it, minus what this test needs not.
    const source: ConsoleSource = {
      runtime: 'embedded',
      systems: () => [{ name: 'shop', services: [] } as unknown as SystemDefinition],
      instances: () => [],
      gateways: () => [{ id: 'gateway-1', url, ready: true }],
      operators: () => Promise.reject(new Error('not needed')),
      close: async () => {},
    };
    const scraper = startScraper(source, { intervalMs: 50, watchMs: 300 });
    try {
      await delay(250);
      expect(scrapes()).toBe(0);
      scraper.points();
      await waitFor(() => scrapes() >= 2, { what: 'scrapes while the figures are watched' });
      // Past watchMs with nobody asking (and a scrape in flight then long finished): no more reads.
      await delay(700);
      const paused = scrapes();
      await delay(400);
      expect(scrapes()).toBe(paused);
      scraper.groups();
      await waitFor(() => scrapes() > paused, { what: 'scraping again once asked' });
    } finally {
      await scraper.stop();
    }
  });
});
