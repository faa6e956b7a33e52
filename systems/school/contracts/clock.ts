/**
 * Korea time (KST, UTC+9, no daylight saving). The school's days start at midnight in Seoul whatever the
 * server's time zone; the seed computed it as epoch+32400 and so do we, from an injected clock.
 */
export const KST_OFFSET_SEC = 9 * 3600;
const DAY_SEC = 24 * 3600;

/** Epoch seconds of a Date (floored). */
export function epochSec(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Epoch seconds of the midnight (KST) that starts the Korean day containing `epochSeconds`. */
export function kstDayStart(epochSeconds: number): number {
  return Math.floor((epochSeconds + KST_OFFSET_SEC) / DAY_SEC) * DAY_SEC - KST_OFFSET_SEC;
}

/** Epoch seconds of the next midnight (KST) after the day containing `epochSeconds` began. */
export function kstNextDayStart(epochSeconds: number): number {
  return kstDayStart(epochSeconds) + DAY_SEC;
}

/** `YYYY-MM-DD` of the Korean day containing `epochSeconds`. */
export function kstDate(epochSeconds: number): string {
  return new Date((epochSeconds + KST_OFFSET_SEC) * 1000).toISOString().slice(0, 10);
}

/** True when both instants fall on the same Korean calendar day. */
export function sameKstDay(a: number, b: number): boolean {
  return kstDayStart(a) === kstDayStart(b);
}

/** Epoch seconds of a KST wall-clock time, e.g. `kstTime('2026-03-10', '17:30')`. */
export function kstTime(date: string, time = '00:00:00'): number {
  const withSeconds = time.length === 5 ? `${time}:00` : time;
  return Date.parse(`${date}T${withSeconds}+09:00`) / 1000;
}

/** Year, month (1–12) and day of the Korean day containing `epochSeconds`. */
export function kstParts(epochSeconds: number): { year: number; month: number; day: number } {
  const d = new Date((epochSeconds + KST_OFFSET_SEC) * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
