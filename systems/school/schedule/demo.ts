import { epochSec, kstDate, kstTime } from '../contracts/clock.ts';
import { thisAndNextMonth, type YearMonth } from './domain.ts';

/** A calendar entry as `POST /v1/schedules` takes it. */
export interface DemoEntry {
  start_date: number;
  end_date: number;
  detail: string;
}

/**
 * What a demo school's calendar shows: a few entries in the month of `now` (Korea) and the next, so a
 * newcomer finds something whenever they start it. The timetable needs no seeding: it comes with the service.
 */
export function demoCalendar(now: Date): DemoEntry[] {
  const [thisMonth, nextMonth] = thisAndNextMonth(kstDate(epochSec(now)));
  const on = (month: YearMonth, day: number, time = '09:00') =>
    kstTime(`${month.year}-${String(month.month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, time);
  return [
    { start_date: on(thisMonth, 15), end_date: on(thisMonth, 17, '15:00'), detail: '중간고사' },
    { start_date: on(thisMonth, 24), end_date: on(thisMonth, 24, '16:00'), detail: '학부모 상담의 날' },
    { start_date: on(nextMonth, 5), end_date: on(nextMonth, 5, '17:00'), detail: '현장 체험 학습' },
    { start_date: on(nextMonth, 20), end_date: on(nextMonth, 24, '18:00'), detail: '기숙사 안전 점검 주간' },
  ];
}

/**
 * Writes the demo calendar through the schedule service's own route, as the teacher or admin `identity`
 * vouches for (fresh headers for each request). Answers the new entries' uuids.
 */
export async function seedScheduleDemo(
  scheduleUrl: string,
  identity: () => Record<string, string>,
  now: Date,
): Promise<string[]> {
  const uuids: string[] = [];
  for (const entry of demoCalendar(now)) {
    const response = await fetch(`${scheduleUrl}/v1/schedules`, {
      method: 'POST',
      headers: { ...identity(), 'content-type': 'application/json' },
      body: JSON.stringify(entry),
    });
    const body = (await response.json()) as { schedule_uuid?: string; message?: string };
    if (response.status !== 201 || !body.schedule_uuid) {
      throw new Error(`demo calendar: POST /v1/schedules answered ${response.status}: ${body.message ?? ''}`);
    }
    uuids.push(body.schedule_uuid);
  }
  return uuids;
}
