import type { Product } from './domain.ts';
import type { Listed } from './products.ts';

/** A product in the wire's snake_case (the seed's Jackson naming). */
export function productView(p: Product | Listed) {
  return {
    product_id: p.productId,
    item_id: p.itemId,
    seller_id: p.sellerId,
    name: p.name,
    price: p.price,
    stock: p.stock,
    status: p.status,
    ...('categoryId' in p ? { category_id: p.categoryId, brand_id: p.brandId } : {}),
  };
}
