import { readFileSync } from 'node:fs';
import type { ClassWeek, Weekday, WeekPattern } from './domain.ts';

/**
 * The bundled timetable: one week of lessons per class (`data/timetable-week.json`), which the service
 * repeats over the current and next month. The seed fetched these from NEIS, which cannot be reached here.
 */
export const TIMETABLE_WEEK_FILE = new URL('./data/timetable-week.json', import.meta.url);

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Reads and checks the file: a broken data file stops the service at start-up, not a student's request. */
export function loadTimetableWeek(file: URL | string = TIMETABLE_WEEK_FILE): WeekPattern {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { holidays?: unknown; classes?: unknown };
  const where = `timetable data ${String(file)}`;
  if (!Array.isArray(data.holidays) || !data.holidays.every((d) => typeof d === 'string' && /^\d{2}-\d{2}$/.test(d))) {
    throw new Error(`${where}: holidays must be a list of MM-DD days`);
  }
  if (!Array.isArray(data.classes) || data.classes.length === 0) throw new Error(`${where}: classes is empty`);
  const classes = data.classes.map((entry: Partial<ClassWeek>, i: number): ClassWeek => {
    const { grade, group, week } = entry;
    if (!Number.isInteger(grade) || !Number.isInteger(group) || typeof week !== 'object' || week === null) {
      throw new Error(`${where}: classes[${i}] needs an integer grade and group and a week`);
    }
    for (const day of WEEKDAYS) {
      const periods = week[day];
      if (!Array.isArray(periods) || periods.length > 7 || !periods.every((s) => typeof s === 'string')) {
        throw new Error(`${where}: classes[${i}].week.${day} must list at most 7 subjects`);
      }
    }
    return { grade: grade as number, group: group as number, week };
  });
  return { holidays: data.holidays as string[], classes };
}
