/** Keys that reach an object's prototype when a body is merged or copied: refused wherever they appear. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonBody =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'malformed-json' | 'refused-key'; detail: string };

/**
 * Parses a request's JSON body. An empty body is `undefined` (the route's schema decides whether it needs
 * one); JSON that does not parse, or that carries a prototype key anywhere, is refused with the reason.
 */
export function parseJsonBody(raw: Buffer | string): JsonBody {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  if (text.trim() === '') return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: 'malformed-json',
      detail: `the body is not valid JSON (${why}); fix it and send it again`,
    };
  }
  const key = prototypeKey(value, 'body');
  if (key) {
    return {
      ok: false,
      reason: 'refused-key',
      detail: `${key} is refused: keys named __proto__, constructor or prototype are never accepted`,
    };
  }
  return { ok: true, value };
}

/** The path of the first prototype key in a parsed value, e.g. `body.items.0.__proto__`. */
function prototypeKey(value: unknown, path: string): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = prototypeKey(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_KEYS.has(key)) return `${path}.${key}`;
    const found = prototypeKey((value as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** `application/json`, `application/problem+json`, with or without parameters. */
export const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function isJsonContentType(type: string | undefined): boolean {
  return type !== undefined && JSON_CONTENT_TYPE.test(type);
}
