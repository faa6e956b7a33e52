import type { SystemAddresses } from '@mosaic/kit/runtime';

/** The seed's rows (spec §3): the codestates donut with stock 3 and reorder point 0, and the KBDS one (13, 10). */
export const DEMO_PRODUCTS = [
  {
    sku: 'CP-502101',
    name: '부산도너츠',
    price: 19_900,
    stock: 3,
    reorderPoint: 0,
    restockQuantity: 10,
    factoryManagerEmail: 'dob_factory@codeatates.com',
  },
  {
    sku: 'KBDS-502101',
    name: 'KBDS도넛',
    price: 19_900,
    stock: 13,
    reorderPoint: 10,
    restockQuantity: 10,
    factoryManagerEmail: 'dob_factory@codeatates.com',
  },
] as const;

/**
 * The demo warehouse a newcomer finds on the first start: the two donuts, entered straight at sales (the entry
 * route is internal). Skipped when the first one is there already, so a restart never resets a stock.
 */
export async function donutsDemo(system: SystemAddresses): Promise<string | undefined> {
  const sales = system.services.get('sales');
  if (!sales) return undefined;
  const headers = { 'content-type': 'application/json', ...system.vouchedHeaders({ service: 'demo' }) };
  const first = await fetch(`${sales.url}/products/${DEMO_PRODUCTS[0].sku}`, { headers });
  await first.arrayBuffer();
  if (first.status === 200) return undefined;
  for (const { sku, ...entry } of DEMO_PRODUCTS) {
    const put = await fetch(`${sales.url}/products/${sku}`, { method: 'PUT', headers, body: JSON.stringify(entry) });
    if (put.status !== 200) throw new Error(`the demo could not enter ${sku}: ${put.status} ${await put.text()}`);
  }
  return [
    `donuts: ${DEMO_PRODUCTS.map((p) => `${p.sku} ${p.name} (stock ${p.stock})`).join(', ')}`,
    `  buy one:   curl -X POST ${system.gatewayUrl}/checkout -H 'content-type: application/json' -d '{}'`,
    `  factory:   ${system.gatewayUrl}/factory    outbox: ${system.gatewayUrl}/notifications`,
  ].join('\n');
}

/** The shop has no accounts: every route is open, so the demo has no callers to sign in. */
export async function donutsDemoCallers(): Promise<Readonly<Record<string, string>>> {
  return {};
}
