/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text a database can store and a person can read back: no NUL (PostgreSQL refuses it in text, MySQL cuts
 * at it) and no unpaired UTF-16 surrogate (it has no UTF-8 form, so a driver would fail or write garbage).
 */
export function isPlainText(value: string): boolean {
  return !value.includes('\u0000') && !UNPAIRED_SURROGATE.test(value);
}
