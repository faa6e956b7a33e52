import { Type } from '@sinclair/typebox';

/**
 * A string that is exactly one of `allowed` (case included), typed as their union. An `enum` rather than a
 * union of literals, so a refusal lists the allowed values and /openapi.json shows them.
 */
export function stringEnum<S extends string>(allowed: readonly S[], options: { description?: string } = {}) {
  return Type.Unsafe<S>({ type: 'string', enum: allowed, ...options });
}
