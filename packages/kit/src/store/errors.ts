/** True for a duplicate-key error on PostgreSQL/PGlite (23505) or MySQL/MariaDB (1062). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown } | null;
  return e?.code === '23505' || e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062;
}
