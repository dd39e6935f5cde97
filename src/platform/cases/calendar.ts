// Pure deadline maths of case clocks, in China time (Asia/Shanghai, UTC+8 all year, no daylight
// saving), whatever the server's TZ is. Instants are Date objects; calendar days are YYYY-MM-DD strings.
//
// The model: a clock has a budget of "running time". Running time is every instant of every day
// (calendar basis) or only the instants of working days (working basis), minus the intervals the
// case was paused. A deadline is the instant at which the budget is used up.
//
// Day durations follow the legal convention (《民法典》第二百零一条、第二百零三条): the day the clock starts
// is not counted, the deadline is the end (24:00) of the last day, and for calendar days, when the last
// day is a rest day or holiday the deadline moves to the end of the next working day (rollOver).
import { addDays } from '../indicators/period';

/** A clock's length: N calendar or working days or hours. */
export interface ClockDuration {
  amount: number;
  unit: 'day' | 'hour';
  basis: 'calendar' | 'working';
  /** Calendar days only: a deadline on a rest day or holiday moves to the next working day (default true). */
  rollOver?: boolean;
}

/**
 * The configurable holiday calendar: dates whose working status differs from the Monday–Friday rule.
 * false = a holiday (法定节假日) on a weekday; true = a make-up working day (调休) on a weekend.
 */
export interface HolidayCalendar {
  overrides: ReadonlyMap<string, boolean>;
}

/** A paused stretch of a clock; `to` is when it resumed. */
export interface PauseInterval {
  from: Date;
  to: Date;
}

const HOUR = 3_600_000;
const CHINA_OFFSET = 8 * HOUR;
/** No clock runs longer than this; a longer walk means a bad calendar (every day a holiday). */
const MAX_DAYS = 366 * 20;

export const emptyCalendar: HolidayCalendar = { overrides: new Map() };

/** A holiday calendar from rows of the holiday table. */
export function calendarOf(rows: Iterable<{ date: string; isWorkday: boolean }>): HolidayCalendar {
  return { overrides: new Map([...rows].map((r) => [r.date, r.isWorkday])) };
}

/** The China calendar date (YYYY-MM-DD) of an instant. */
export function chinaDateOf(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  return new Date(ms + CHINA_OFFSET).toISOString().slice(0, 10);
}

/** The instant a China calendar date begins (00:00 in Asia/Shanghai). */
export function startOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET);
}

/** Day of week of a date, 0 = Sunday … 6 = Saturday. */
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** True when people work on this date: Monday–Friday unless the calendar says otherwise. */
export function isWorkday(date: string, calendar: HolidayCalendar): boolean {
  const override = calendar.overrides.get(date);
  if (override !== undefined) return override;
  const day = weekday(date);
  return day !== 0 && day !== 6;
}

/**
 * The date `days` working days after `date` (the date itself not counted). With 0, the date itself
 * when it is a working day, else the next working day.
 */
export function addWorkingDays(date: string, days: number, calendar: HolidayCalendar): string {
  if (!Number.isInteger(days) || days < 0) throw new Error(`addWorkingDays: bad day count ${days}`);
  let current = date;
  if (days === 0) {
    for (let i = 0; !isWorkday(current, calendar); i++) {
      if (i > MAX_DAYS) throw new Error('addWorkingDays: no working day in the calendar');
      current = addDays(current, 1);
    }
    return current;
  }
  let left = days;
  for (let i = 0; left > 0; i++) {
    if (i > MAX_DAYS) throw new Error('addWorkingDays: no working day in the calendar');
    current = addDays(current, 1);
    if (isWorkday(current, calendar)) left--;
  }
  return current;
}

/** Working days strictly after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, calendar: HolidayCalendar): number {
  let count = 0;
  for (let current = addDays(from, 1), i = 0; current <= to; current = addDays(current, 1), i++) {
    if (i > MAX_DAYS) throw new Error('workingDaysBetween: range too long');
    if (isWorkday(current, calendar)) count++;
  }
  return count;
}

/** The parts of [from, to) not covered by any pause, in order. */
function unpaused(from: number, to: number, pauses: readonly PauseInterval[]): Array<[number, number]> {
  let parts: Array<[number, number]> = [[from, to]];
  for (const pause of pauses) {
    const a = pause.from.getTime();
    const b = pause.to.getTime();
    if (b <= a) continue;
    parts = parts.flatMap(([x, y]): Array<[number, number]> => {
      if (b <= x || a >= y) return [[x, y]];
      const kept: Array<[number, number]> = [];
      if (a > x) kept.push([x, a]);
      if (b < y) kept.push([b, y]);
      return kept;
    });
  }
  return parts;
}

/** Whether time on this date runs for the clock. */
function runs(date: string, basis: ClockDuration['basis'], calendar: HolidayCalendar): boolean {
  return basis === 'calendar' || isWorkday(date, calendar);
}

/** Running time between two instants (ms), skipping non-working days (working basis) and pauses. */
export function runningTime(
  from: Date,
  to: Date,
  basis: ClockDuration['basis'],
  calendar: HolidayCalendar,
  pauses: readonly PauseInterval[] = [],
): number {
  let total = 0;
  let cursor = from.getTime();
  const end = to.getTime();
  for (let i = 0; cursor < end; i++) {
    if (i > MAX_DAYS) throw new Error('runningTime: range too long');
    const date = chinaDateOf(cursor);
    const dayEnd = Math.min(startOfChinaDay(addDays(date, 1)).getTime(), end);
    if (runs(date, basis, calendar)) for (const [a, b] of unpaused(cursor, dayEnd, pauses)) total += b - a;
    cursor = dayEnd;
  }
  return total;
}

/** The earliest instant at which `budget` ms of running time after `start` have passed. */
export function advanceRunningTime(
  start: Date,
  budget: number,
  basis: ClockDuration['basis'],
  calendar: HolidayCalendar,
  pauses: readonly PauseInterval[] = [],
): Date {
  let left = budget;
  let cursor = start.getTime();
  if (left <= 0) return new Date(cursor);
  for (let i = 0; i <= MAX_DAYS; i++) {
    const date = chinaDateOf(cursor);
    const dayEnd = startOfChinaDay(addDays(date, 1)).getTime();
    if (runs(date, basis, calendar)) {
      for (const [a, b] of unpaused(cursor, dayEnd, pauses)) {
        if (b - a >= left) return new Date(a + left);
        left -= b - a;
      }
    }
    cursor = dayEnd;
  }
  throw new Error('advanceRunningTime: the clock never ends (no running days in the calendar)');
}

/** Moves a deadline that ends on a rest day or holiday to the end of the next working day. */
function rollToWorkday(deadline: Date, calendar: HolidayCalendar): Date {
  const lastDay = chinaDateOf(deadline.getTime() - 1);
  if (isWorkday(lastDay, calendar)) return deadline;
  return startOfChinaDay(addDays(addWorkingDays(lastDay, 1, calendar), 1));
}

/**
 * One stretch of a clock: from `start`, the instant `duration` of running time later, with the
 * paused intervals not counted. `anchorDay` is the day the count starts after (the start's own day by
 * default; the previous day when chaining from a deadline that ends at midnight).
 */
function step(
  start: Date,
  duration: ClockDuration,
  calendar: HolidayCalendar,
  pauses: readonly PauseInterval[],
  anchorDay: string,
): Date {
  if (!(duration.amount >= 0)) throw new Error(`bad clock duration ${duration.amount}`);
  if (duration.unit === 'hour')
    return advanceRunningTime(start, duration.amount * HOUR, duration.basis, calendar, pauses);
  const lastDay =
    duration.basis === 'calendar'
      ? addDays(anchorDay, duration.amount)
      : addWorkingDays(anchorDay, duration.amount, calendar);
  let deadline = startOfChinaDay(addDays(lastDay, 1));
  if (pauses.length > 0) {
    const budget = runningTime(start, deadline, duration.basis, calendar);
    deadline = advanceRunningTime(start, budget, duration.basis, calendar, pauses);
  }
  if (duration.basis === 'calendar' && duration.rollOver !== false)
    deadline = rollToWorkday(deadline, calendar);
  return deadline;
}

/**
 * The deadline of a clock started at `start`: the first duration, then each further one (an
 * extension) counted on from the previous deadline, with paused time not counted.
 */
export function computeDeadline(input: {
  start: Date;
  durations: readonly ClockDuration[];
  calendar: HolidayCalendar;
  pauses?: readonly PauseInterval[];
}): Date {
  const pauses = input.pauses ?? [];
  let deadline = input.start;
  input.durations.forEach((duration, index) => {
    // A later stretch starts at a deadline, which is a day's end (next day 00:00): count after that day.
    const anchor = index === 0 ? chinaDateOf(deadline) : chinaDateOf(deadline.getTime() - 1);
    deadline = step(deadline, duration, input.calendar, pauses, anchor);
  });
  return deadline;
}

/** The calendar date a deadline falls on, as users read it ("办结期限：2026-03-02"). */
export function deadlineDate(deadline: Date): string {
  return chinaDateOf(deadline.getTime() - 1);
}

/** The instant `duration` after a deadline (escalation steps), counted from the deadline's day. */
export function afterDeadline(deadline: Date, duration: ClockDuration, calendar: HolidayCalendar): Date {
  return step(deadline, duration, calendar, [], chinaDateOf(deadline.getTime() - 1));
}
