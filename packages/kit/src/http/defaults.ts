import { type Static, type TSchema, Type } from '@sinclair/typebox';

/**
 * An object schema of `required` values and of `defaulted` ones a caller may leave out. Validation fills the
 * defaults in before a handler runs, so the handler's type has them all, while the wire (and OpenAPI) shows
 * them optional.
 */
export function withDefaults<R extends Record<string, TSchema>, D extends Record<string, TSchema>>(
  required: R,
  defaulted: D,
) {
  const filled = Type.Object({ ...required, ...defaulted });
  return Type.Unsafe<Static<typeof filled>>(
    Type.Object({ ...required, ...Type.Partial(Type.Object(defaulted)).properties }),
  );
}
