import { type Static, Type } from '@mosaic/kit/http';
import { UUID } from '../contracts/events.ts';

const Sku = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_.-]+$', description: 'the product' });

/** The seed posted `/checkout` with no body (one donut of the fixed SKU); both fields stay optional. */
export const Checkout = Type.Object(
  {
    sku: Type.Optional(Sku),
    /** The codestates template's name for it (peachApeach `salesAPI.js`). */
    productSku: Type.Optional(Sku),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 1, description: 'donuts to buy' })),
  },
  { additionalProperties: false },
);

export const SkuParams = Type.Object({ sku: Sku });

/** The warehouse's entry for a product (an operator's, or the demo's). */
export const ProductEntry = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    price: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    stock: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    reorderPoint: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'KBDS 10, codestates 0' }),
    restockQuantity: Type.Integer({ minimum: 1, maximum: 1_000_000, description: "the seed's 10" }),
    factoryManagerEmail: Type.String({ minLength: 3, maxLength: 200, pattern: '^[^@\\s]+@[^@\\s]+$' }),
  },
  { additionalProperties: false },
);
export type ProductEntryBody = Static<typeof ProductEntry>;

export const RestockParams = Type.Object({ id: Type.String({ pattern: UUID, description: 'the restock request' }) });
export const ArrivalQuery = Type.Object({
  token: Type.String({ minLength: 20, maxLength: 100, description: 'the restock’s one-time token' }),
});
/** Whatever the factory echoes back (the request it was given); sales trusts none of it but the URL's token. */
export const FactoryEcho = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown());

export const RestockQuery = Type.Object({ sku: Type.Optional(Sku) });

/** `Idempotency-Key`: 1–100 printable characters without spaces. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,100}$/;

export const salesSettings = {
  'donut.sku': Type.String({ minLength: 1, default: 'CP-502101', description: 'the product of GET /product/donut' }),
  'restock.leadTimeMs': Type.Integer({
    minimum: 0,
    default: 40_000,
    description: "how long a restock usually takes (the KBDS factory's ≈ 40 s), told to a buyer who found none",
  }),
};
