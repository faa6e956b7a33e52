/** What a process last wrote to a saga instance's record: enough to add the next event without reading it. */
export interface RecentRow {
  events: string;
  step: string;
}

/** Instances remembered per saga and database; the oldest are forgotten first. */
const KEPT = 2_000;
const byDatabase = new WeakMap<object, Map<string, Map<string, RecentRow>>>();

/**
 * The saga records this process wrote last, per database and saga. Only a shortcut: a row remembered here is
 * written back only on condition that the stored events are still the same (`sagaRecords().record`).
 */
export function recentRows(db: object, saga: string) {
  let sagas = byDatabase.get(db);
  if (!sagas) {
    sagas = new Map();
    byDatabase.set(db, sagas);
  }
  let rows = sagas.get(saga);
  if (!rows) {
    rows = new Map();
    sagas.set(saga, rows);
  }
  const known = rows;
  return {
    get: (subject: string) => known.get(subject),
    remember(subject: string, row: RecentRow) {
      known.delete(subject);
      known.set(subject, row);
      if (known.size > KEPT) known.delete(known.keys().next().value as string);
    },
    forget: (subject: string) => known.delete(subject),
  };
}
