import { Type } from '@mosaic/kit/http';

/**
 * Times on the wire (issue 16): ISO 8601 with an offset, or the seed's `yyyyMMddHHmm` (also its 14-digit
 * `yyyyMMddHHmmss`), which the office wrote in Korea time. Stored as UTC ISO strings of one fixed width
 * (`toISOString`), so the overlap check can compare them as text on every engine; answered in Korea time
 * with its offset, the time the people booking the rooms read on the wall.
 */

/** Korea has no daylight saving time: its offset is always +09:00. */
const KOREA_OFFSET_MIN = 9 * 60;

const SEED_FORM = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/;
const ISO_FORM = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** The schema of every date-time a client sends; `parseDtm` then reads it (a date that does not exist is a 400). */
export const Dtm = (description: string) =>
  Type.String({
    pattern: `${SEED_FORM.source}|${ISO_FORM.source}`,
    maxLength: 29,
    description: `${description}: ISO 8601 with an offset (2026-09-02T13:30:00+09:00) or yyyyMMddHHmm in Korea time (202609021330)`,
    'x-pattern-means':
      'an ISO 8601 date-time with an offset, like 2026-09-02T13:30:00+09:00, or yyyyMMddHHmm in Korea time, like 202609021330',
  });

/** The instant `text` names, or undefined when it is in neither form or names a date that does not exist (Feb 30). */
export function parseDtm(text: string): Date | undefined {
  const seed = SEED_FORM.exec(text);
  if (seed) {
    const [, y, mo, d, h, mi, s] = seed;
    return instant([y, mo, d, h, mi, s ?? '00'].map(Number) as Fields, 0, KOREA_OFFSET_MIN);
  }
  const iso = ISO_FORM.exec(text);
  if (!iso) return undefined;
  const [, y, mo, d, h, mi, s, ms, zone, sign, oh, om] = iso;
  const offset = zone === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  if (Number(oh ?? 0) > 14 || Number(om ?? 0) > 59) return undefined;
  return instant([y, mo, d, h, mi, s ?? '00'].map(Number) as Fields, Number((ms ?? '0').padEnd(3, '0')), offset);
}

type Fields = [number, number, number, number, number, number];

function instant([y, mo, d, h, mi, s]: Fields, ms: number, offsetMin: number): Date | undefined {
  const wall = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  // Date.UTC rolls Feb 30 over into March: a field that moved means the date does not exist.
  const exists =
    wall.getUTCFullYear() === y &&
    wall.getUTCMonth() === mo - 1 &&
    wall.getUTCDate() === d &&
    wall.getUTCHours() === h &&
    wall.getUTCMinutes() === mi &&
    wall.getUTCSeconds() === s;
  return exists ? new Date(wall.getTime() - offsetMin * 60_000) : undefined;
}

/** How an instant is stored: UTC, fixed width, so stored times order as text. */
export const storedDtm = (when: Date): string => when.toISOString();

/** How an instant is answered: Korea time with its offset, to the second (`2026-09-02T13:30:00+09:00`). */
export function koreaDtm(when: Date | string): string {
  const shifted = new Date(new Date(when).getTime() + KOREA_OFFSET_MIN * 60_000);
  return `${shifted.toISOString().slice(0, 19)}+09:00`;
}

/** A stored time as answered, keeping null (a use not ended yet). */
export const koreaDtmOrNull = (when: string | null): string | null => (when === null ? null : koreaDtm(when));
