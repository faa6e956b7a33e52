/** JSON schemas shared by a service and the system's gateway (validation and OpenAPI). */

export const idParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, description: 'numeric id' } },
} as const;

export const orderIdQuery = {
  type: 'object',
  properties: { orderId: { type: 'integer', minimum: 1 } },
} as const;

export const pageQuery = {
  page: { type: 'integer', minimum: 0, default: 0 },
  size: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
} as const;
