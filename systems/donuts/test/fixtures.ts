import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SystemDefinition } from '@mosaic/kit/runtime';
import { defineSystem } from '@mosaic/kit/runtime';
import { setServiceSetting, startTestSystem, type TestSystem } from '@mosaic/kit/testing';
import { expect } from 'vitest';
import type { ProductEntryBody } from '../sales/schemas.ts';
import { donuts } from '../system.ts';

/** A product as the tests enter it; the seed's figures unless a test says otherwise. */
export type Entry = ProductEntryBody;

export const SEED_DONUT: Entry = {
  name: '부산도너츠',
  price: 19_900,
  stock: 3,
  reorderPoint: 0,
  restockQuantity: 10,
  factoryManagerEmail: 'dob_factory@codeatates.com',
};

export interface ProductView {
  sku: string;
  name: string;
  stock: number;
  restockPending: boolean;
}

export interface Restock {
  restockId: string;
  sku: string;
  quantity: number;
  status: string;
  factoryJobId: string | null;
}

/** The system with every database on one engine (distributed runtime only; embedded is always PGlite). */
export function donutsOn(storage: 'postgres' | 'mysql'): SystemDefinition {
  return defineSystem({
    ...donuts,
    services: donuts.services.map((s) => ({ ...s, definition: { ...s.definition, storage } })),
  });
}

/**
 * Starts the system with the factory's steps `stepMs` long (the seed's 10 s would make a test wait 40 s) and
 * the factory calling back to the gateway's ephemeral address (or to `callbackBaseUrl`).
 */
export async function startDonuts(
  options: { runtime?: 'embedded' | 'distributed'; definition?: SystemDefinition; stepMs?: number } = {},
): Promise<TestSystem> {
  const system = await startTestSystem(options.definition ?? donuts, { runtime: options.runtime ?? 'embedded' });
  try {
    await setServiceSetting(system, 'factory', 'line.stepMs', options.stepMs ?? 100);
    await setServiceSetting(system, 'restock', 'callback.baseUrl', system.gatewayUrl);
  } catch (error) {
    await system.close();
    throw error;
  }
  return system;
}

/** Enters a product at sales (its internal warehouse route). */
export async function enter(system: TestSystem, sku: string, entry: Partial<Entry> = {}): Promise<ProductView> {
  const answer = await system
    .direct('sales')
    .put<ProductView>(`/products/${sku}`, { ...SEED_DONUT, ...entry }, system.vouchedHeaders({ service: 'test' }));
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

export async function stockOf(system: TestSystem, sku: string): Promise<ProductView> {
  const answer = await system.http.get<ProductView>(`/products/${sku}`);
  expect(answer.status).toBe(200);
  return answer.body;
}

export async function restocksOf(system: TestSystem, sku: string): Promise<Restock[]> {
  return (await system.http.get<Restock[]>(`/restocks?sku=${sku}`)).body;
}

/**
 * A stand-in for the network between the factory and sales: it takes the factory's callback, remembers it and
 * passes it on to the gateway, so a test can repeat it as a flaky network or a confused legacy system would.
 */
export async function callbackRecorder(gatewayUrl: string) {
  const seen: { path: string; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ path: request.url ?? '/', body });
      const passed = await fetch(`${gatewayUrl}${request.url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      response.writeHead(passed.status, { 'content-type': 'application/json' });
      response.end(await passed.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
