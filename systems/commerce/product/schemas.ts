import { Type } from '@mosaic/kit/http';
import { Id, listQuery, statusSchema } from '../contracts/paging.ts';
import { SELLER_STATUSES, VISIBLE_STATUSES } from './domain.ts';

const Name = (what: string) => Type.String({ minLength: 1, maxLength: 200, description: what });

export const NewCategory = Type.Object({ name: Name('the category, e.g. 노트북') });
export const NewBrand = Type.Object({ name: Name('the brand') });
export const NewItem = Type.Object({
  category_id: Id('its category'),
  brand_id: Id('its brand'),
  name: Name('the item'),
});

export const NewProduct = Type.Object({
  item_id: Id('the item it is built from'),
  name: Name('the name users see'),
  price: Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'in won' }),
  stock: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});

export const StatusChange = Type.Object({ status: statusSchema(SELLER_STATUSES, 'the status the seller sets') });
export const StockChange = Type.Object({
  stock: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'how many there are now' }),
});

export const ProductParams = Type.Object({ product_id: Id('the product') });

export const PublicProductQuery = listQuery({
  category_id: Id('only this category'),
  brand_id: Id('only this brand'),
  status: statusSchema(VISIBLE_STATUSES, 'only products in this status'),
  name: Type.String({ minLength: 1, maxLength: 100, description: 'part of the name' }),
});

export const SellerProductQuery = listQuery({});
