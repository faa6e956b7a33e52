import { describe, expect, it } from 'vitest';
import { kstTime } from '../contracts/clock.ts';
import {
  calendarDay,
  consecutiveDays,
  coversMonth,
  dayOf,
  daysInMonth,
  expandWeek,
  fullDay,
  isSpan,
  midnightMs,
  thisAndNextMonth,
  type WeekPattern,
} from './domain.ts';

describe('calendar days', () => {
  it('an instant belongs to the Korean day it falls on', () => {
    expect(dayOf(Date.parse('2026-03-31T14:59:59Z') / 1000)).toBe('2026-03-31');
    expect(dayOf(Date.parse('2026-03-31T15:00:00Z') / 1000)).toBe('2026-04-01');
  });

  it('a day is returned as the epoch milliseconds of its midnight in Korea', () => {
    expect(midnightMs('2026-04-01')).toBe(Date.parse('2026-03-31T15:00:00Z'));
    expect(midnightMs('2026-04-01')).toBe(kstTime('2026-04-01') * 1000);
  });

  it('an entry belongs to every month from its start to its end', () => {
    const exams = { startDate: '2026-03-30', endDate: '2026-05-02' };
    expect(coversMonth(exams, { year: 2026, month: 2 })).toBe(false);
    expect(coversMonth(exams, { year: 2026, month: 3 })).toBe(true);
    expect(coversMonth(exams, { year: 2026, month: 4 })).toBe(true);
    expect(coversMonth(exams, { year: 2026, month: 5 })).toBe(true);
    expect(coversMonth(exams, { year: 2026, month: 6 })).toBe(false);
    expect(coversMonth({ startDate: '2026-12-30', endDate: '2027-01-02' }, { year: 2027, month: 1 })).toBe(true);
  });

  it('an entry ends on or after it starts', () => {
    expect(isSpan('2026-03-10', '2026-03-10')).toBe(true);
    expect(isSpan('2026-03-11', '2026-03-10')).toBe(false);
  });

  it('knows which days exist', () => {
    expect(calendarDay(2028, 2, 29)).toBe('2028-02-29');
    expect(calendarDay(2026, 2, 29)).toBeUndefined();
    expect(calendarDay(2026, 4, 31)).toBeUndefined();
    expect(calendarDay(2026, 13, 1)).toBeUndefined();
    expect(calendarDay(33, 1, 5)).toBe('0033-01-05');
    expect(daysInMonth({ year: 2026, month: 2 })).toBe(28);
    expect(daysInMonth({ year: 2024, month: 2 })).toBe(29);
  });

  it('counts consecutive days across a month and a year', () => {
    expect(consecutiveDays('2026-12-30', 4)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(consecutiveDays('2026-03-10', 1)).toEqual(['2026-03-10']);
  });

  it('the months to cover are this one and the next, across the new year', () => {
    expect(thisAndNextMonth('2026-03-10')).toEqual([
      { year: 2026, month: 3 },
      { year: 2026, month: 4 },
    ]);
    expect(thisAndNextMonth('2026-12-31')).toEqual([
      { year: 2026, month: 12 },
      { year: 2027, month: 1 },
    ]);
  });
});

describe('a week repeated over a month', () => {
  const pattern: WeekPattern = {
    holidays: ['03-01', '05-05'],
    classes: [
      {
        grade: 1,
        group: 1,
        week: { mon: ['국어'], tue: ['수학'], wed: ['영어'], thu: ['과학'], fri: ['체육', '음악'] },
      },
      { grade: 2, group: 1, week: { mon: ['문학'], tue: [], wed: [], thu: [], fri: [] } },
    ],
  };

  it('gives every class its weekday lessons on school days only, seven periods each', () => {
    const may = expandWeek(pattern, { year: 2026, month: 5 });
    const days = new Set(may.map((d) => d.date));
    // May 2026: 21 weekdays, less Children's Day (Tuesday the 5th).
    expect(days.size).toBe(20);
    expect(days.has('2026-05-05')).toBe(false);
    expect(days.has('2026-05-02')).toBe(false);
    expect(may).toContainEqual({ date: '2026-05-04', grade: 1, group: 1, periods: ['국어', '', '', '', '', '', ''] });
    expect(may).toContainEqual({
      date: '2026-05-08',
      grade: 1,
      group: 1,
      periods: ['체육', '음악', '', '', '', '', ''],
    });
    expect(may).toContainEqual({ date: '2026-05-04', grade: 2, group: 1, periods: ['문학', '', '', '', '', '', ''] });
    expect(may.every((d) => d.periods.length === 7)).toBe(true);
  });

  it('fits any month, the one it is asked for', () => {
    const march = expandWeek(pattern, { year: 2027, month: 3 });
    expect(march[0]?.date).toBe('2027-03-02'); // the 1st is a holiday, a Monday in 2027
    expect(march.at(-1)?.date).toBe('2027-03-31');
  });

  it('pads a day to seven periods and never keeps more', () => {
    expect(fullDay(['a'])).toEqual(['a', '', '', '', '', '', '']);
    expect(fullDay(['1', '2', '3', '4', '5', '6', '7', '8'])).toHaveLength(7);
  });
});
