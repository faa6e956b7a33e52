import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { expandWeek } from './domain.ts';
import { loadTimetableWeek } from './timetable-week.ts';

describe('the bundled timetable week', () => {
  const week = loadTimetableWeek();

  it('has every class of the school: grades 1–3, classes 1–4, once each', () => {
    const classes = week.classes.map((c) => `${c.grade}-${c.group}`).sort();
    expect(classes).toEqual(['1-1', '1-2', '1-3', '1-4', '2-1', '2-2', '2-3', '2-4', '3-1', '3-2', '3-3', '3-4']);
  });

  it('gives each class seven lessons Monday to Thursday and six on Friday, none blank', () => {
    for (const { week: days } of week.classes) {
      expect([days.mon, days.tue, days.wed, days.thu].map((d) => d.length)).toEqual([7, 7, 7, 7]);
      expect(days.fri).toHaveLength(6);
      expect(
        Object.values(days)
          .flat()
          .every((subject) => subject.trim().length > 0),
      ).toBe(true);
    }
  });

  it('expands over any month: a school day for each class on every weekday but the holidays', () => {
    const days = expandWeek(week, { year: 2026, month: 10 });
    // October 2026: 22 weekdays, less National Foundation Day (Sat the 3rd: no change) and Hangul Day (Fri the 9th).
    expect(new Set(days.map((d) => d.date)).size).toBe(21);
    expect(days).toHaveLength(21 * 12);
  });

  it('refuses a broken file with the reason, so the service does not start on it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mosaic-timetable-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, data: unknown) => {
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(data));
      return path;
    };
    expect(() => loadTimetableWeek(write('no-classes.json', { holidays: [], classes: [] }))).toThrow(
      /classes is empty/,
    );
    expect(() => loadTimetableWeek(write('bad-holiday.json', { holidays: ['3/1'], classes: [] }))).toThrow(/MM-DD/);
    const eight = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const tooLong = {
      holidays: [],
      classes: [{ grade: 1, group: 1, week: { mon: eight, tue: [], wed: [], thu: [], fri: [] } }],
    };
    expect(() => loadTimetableWeek(write('eight.json', tooLong))).toThrow(/week\.mon must list at most 7/);
    expect(() => loadTimetableWeek(write('no-week.json', { holidays: [], classes: [{ grade: 1, group: 1 }] }))).toThrow(
      /classes\[0\]/,
    );
  });
});
