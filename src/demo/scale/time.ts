// Calendar helpers of the scale seeding, in China time like the rest of the demo.
import { addDays } from '../../platform/indicators/period';

const HOUR = 3_600_000;

/** The instant of a China local date and time. */
export function chinaTime(date: string, hour: number, minute = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + hour * HOUR + minute * 60_000);
}

/** The first day of the month `months` before the month of `today`. */
export function firstOfMonthsBack(today: string, months: number): string {
  const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

export interface MonthSpan {
  /** YYYY-MM */
  month: string;
  /** First day in range. */
  from: string;
  /** Day after the last day in range. */
  to: string;
  days: number;
  /** 1–12 */
  monthOfYear: number;
}

/** The calendar months from `from` (inclusive) to `to` (exclusive), clipped to the range. */
export function monthSpans(from: string, to: string): MonthSpan[] {
  const spans: MonthSpan[] = [];
  let cursor = from;
  while (cursor < to) {
    const nextMonth = firstOfMonthsBack(cursor, -1);
    const end = nextMonth < to ? nextMonth : to;
    spans.push({
      month: cursor.slice(0, 7),
      from: cursor,
      to: end,
      days: daysBetween(cursor, end),
      monthOfYear: Number(cursor.slice(5, 7)),
    });
    cursor = end;
  }
  return spans;
}

/** The later of two dates (YYYY-MM-DD). */
export function laterDate(a: string, b: string): string {
  return a.localeCompare(b) >= 0 ? a : b;
}

/** The earlier of two dates (YYYY-MM-DD). */
export function earlierDate(a: string, b: string): string {
  return a.localeCompare(b) <= 0 ? a : b;
}

export { addDays };
