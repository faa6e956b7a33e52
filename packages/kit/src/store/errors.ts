/** True for a duplicate-key error on PostgreSQL/PGlite (23505) or MySQL/MariaDB (1062). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown } | null;
  return e?.code === '23505' || e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062;
}

/** MySQL/MariaDB errors about a value that does not fit its column (too long, out of range, not storable). */
const MYSQL_VALUE_ERRORS = new Set([1264, 1292, 1366, 1406, 1416, 3140]);

/**
 * True when the database refused a *value* rather than failing: PostgreSQL's class 22 (data exception: out of
 * range, bad text, NUL byte) and 54000 (a value too large for an index), MySQL's value errors. Validation
 * should stop such values first; one that still gets through is the client's mistake, answered 400, not 500.
 */
export function isValueRefused(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown } | null;
  if (typeof e?.code === 'string' && /^(22[0-9A-Z]{3}|54000)$/.test(e.code)) return true;
  return typeof e?.errno === 'number' && MYSQL_VALUE_ERRORS.has(e.errno);
}
