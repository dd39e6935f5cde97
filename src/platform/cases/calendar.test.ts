import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  afterDeadline,
  advanceRunningTime,
  calendarOf,
  chinaDateOf,
  computeDeadline,
  deadlineDate,
  emptyCalendar,
  isWorkday,
  runningTime,
  startOfChinaDay,
  workingDaysBetween,
} from './calendar';

// Test data, not the official schedule: National Day week 2026-10-01 (Thu) … 10-08 off, with the
// weekend days 2026-09-27 (Sun) and 2026-10-10 (Sat) made up as working days (调休).
const calendar = calendarOf([
  ...['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08'].map((date) => ({
    date,
    isWorkday: false,
  })),
  { date: '2026-09-27', isWorkday: true },
  { date: '2026-10-10', isWorkday: true },
]);

/** An instant written in China time. */
const at = (local: string) => new Date(`${local}+08:00`);
const days = (amount: number, basis: 'calendar' | 'working' = 'calendar', rollOver?: boolean) => ({
  amount,
  unit: 'day' as const,
  basis,
  ...(rollOver !== undefined && { rollOver }),
});

describe('working days', () => {
  it('follows Monday–Friday, holidays and make-up working days', () => {
    expect(isWorkday('2026-03-06', calendar)).toBe(true); // Friday
    expect(isWorkday('2026-03-07', calendar)).toBe(false); // Saturday
    expect(isWorkday('2026-10-01', calendar)).toBe(false); // holiday on a Thursday
    expect(isWorkday('2026-09-27', calendar)).toBe(true); // make-up Sunday
    expect(isWorkday('2026-10-10', calendar)).toBe(true); // make-up Saturday
  });

  it('adds working days over weekends, holidays and make-up days', () => {
    expect(addWorkingDays('2026-03-06', 1, calendar)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-06', 5, calendar)).toBe('2026-03-13');
    expect(addWorkingDays('2026-09-25', 1, calendar)).toBe('2026-09-27');
    expect(addWorkingDays('2026-09-30', 1, calendar)).toBe('2026-10-09');
    expect(addWorkingDays('2026-09-30', 2, calendar)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 3, calendar)).toBe('2026-10-12');
    expect(addWorkingDays('2026-03-07', 0, calendar)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-06', 0, calendar)).toBe('2026-03-06');
    expect(() => addWorkingDays('2026-03-06', -1, calendar)).toThrow();
  });

  it('counts working days between two dates', () => {
    expect(workingDaysBetween('2026-09-30', '2026-10-12', calendar)).toBe(3);
    expect(workingDaysBetween('2026-03-06', '2026-03-06', calendar)).toBe(0);
  });

  it('never loops for ever on a calendar without working days', () => {
    const allOff = { overrides: { get: () => false } as unknown as ReadonlyMap<string, boolean> };
    expect(() => addWorkingDays('2026-01-01', 1, allOff)).toThrow();
  });
});

describe('China dates of instants', () => {
  it('reads the day in Asia/Shanghai whatever the server TZ', () => {
    expect(chinaDateOf(new Date('2026-03-06T16:30:00Z'))).toBe('2026-03-07');
    expect(chinaDateOf(new Date('2026-03-06T15:59:59Z'))).toBe('2026-03-06');
    expect(startOfChinaDay('2026-03-07').toISOString()).toBe('2026-03-06T16:00:00.000Z');
  });
});

describe('deadlines', () => {
  it('counts calendar days from the day after the start, ending at the end of the last day', () => {
    const deadline = computeDeadline({ start: at('2026-03-02T10:00:00'), durations: [days(3)], calendar });
    expect(deadline).toEqual(at('2026-03-06T00:00:00'));
    expect(deadlineDate(deadline)).toBe('2026-03-05');
  });

  it('moves a calendar-day deadline that falls on a weekend to the next working day', () => {
    const start = at('2026-03-06T10:00:00');
    // 15 days after 03-06 is Saturday 03-21 → Monday 03-23.
    expect(computeDeadline({ start, durations: [days(15)], calendar })).toEqual(at('2026-03-24T00:00:00'));
    expect(computeDeadline({ start, durations: [days(15, 'calendar', false)], calendar })).toEqual(
      at('2026-03-22T00:00:00'),
    );
  });

  it('moves a calendar-day deadline out of a holiday week', () => {
    // 5 days after 2026-09-28 is 10-03 (a weekend in the holiday) → next working day is 10-09.
    expect(computeDeadline({ start: at('2026-09-28T09:00:00'), durations: [days(5)], calendar })).toEqual(
      at('2026-10-10T00:00:00'),
    );
    // 7 days after 10-02 is 10-09 (a working Friday): stays.
    expect(computeDeadline({ start: at('2026-10-02T09:00:00'), durations: [days(7)], calendar })).toEqual(
      at('2026-10-10T00:00:00'),
    );
  });

  it('counts working days over weekends, holidays and make-up days', () => {
    // Friday + 3 working days → Wednesday.
    expect(
      computeDeadline({ start: at('2026-03-06T10:00:00'), durations: [days(3, 'working')], calendar }),
    ).toEqual(at('2026-03-12T00:00:00'));
    // 09-29 + 5 working days: 09-30, 10-09, 10-10 (make-up), 10-12, 10-13.
    expect(
      computeDeadline({ start: at('2026-09-29T16:00:00'), durations: [days(5, 'working')], calendar }),
    ).toEqual(at('2026-10-14T00:00:00'));
    // A case received on a Saturday: the count starts with Monday.
    expect(
      computeDeadline({ start: at('2026-03-07T11:00:00'), durations: [days(1, 'working')], calendar }),
    ).toEqual(at('2026-03-10T00:00:00'));
  });

  it('counts working hours only on working days', () => {
    const hours = { amount: 24, unit: 'hour' as const, basis: 'working' as const };
    expect(computeDeadline({ start: at('2026-03-06T18:00:00'), durations: [hours], calendar })).toEqual(
      at('2026-03-09T18:00:00'),
    );
    const calendarHours = { amount: 24, unit: 'hour' as const, basis: 'calendar' as const };
    expect(
      computeDeadline({ start: at('2026-03-06T18:00:00'), durations: [calendarHours], calendar }),
    ).toEqual(at('2026-03-07T18:00:00'));
  });

  it('stops the clock while paused, across several days', () => {
    const start = at('2026-03-02T09:00:00'); // Monday; 3 working days → end of Thursday
    expect(computeDeadline({ start, durations: [days(3, 'working')], calendar })).toEqual(
      at('2026-03-06T00:00:00'),
    );
    // Paused Tuesday 15:00 → Thursday 15:00: 48 h of working time lost → Friday and Monday added.
    const pauses = [{ from: at('2026-03-03T15:00:00'), to: at('2026-03-05T15:00:00') }];
    expect(computeDeadline({ start, durations: [days(3, 'working')], calendar, pauses })).toEqual(
      at('2026-03-10T00:00:00'),
    );
  });

  it('does not count a weekend pause against a working-day clock, but does for a calendar clock', () => {
    const pause = [{ from: at('2026-03-06T12:00:00'), to: at('2026-03-09T12:00:00') }];
    expect(runningTime(at('2026-03-06T00:00:00'), at('2026-03-10T00:00:00'), 'working', calendar)).toBe(
      48 * 3_600_000,
    );
    expect(
      runningTime(at('2026-03-06T00:00:00'), at('2026-03-10T00:00:00'), 'working', calendar, pause),
    ).toBe(24 * 3_600_000);
    expect(
      runningTime(at('2026-03-06T00:00:00'), at('2026-03-10T00:00:00'), 'calendar', calendar, pause),
    ).toBe(24 * 3_600_000);
    // Calendar clock: 10 days from 03-02 ends 03-12 (Thu); a 3-day pause → 03-15 (Sun) → Monday 03-16.
    const start = at('2026-03-02T12:00:00');
    expect(computeDeadline({ start, durations: [days(10)], calendar, pauses: pause })).toEqual(
      at('2026-03-17T00:00:00'),
    );
  });

  it('ignores pauses before the start and zero-length pauses', () => {
    const start = at('2026-03-02T09:00:00');
    const pauses = [
      { from: at('2026-02-20T00:00:00'), to: at('2026-02-25T00:00:00') },
      { from: at('2026-03-03T10:00:00'), to: at('2026-03-03T10:00:00') },
    ];
    expect(computeDeadline({ start, durations: [days(3, 'working')], calendar, pauses })).toEqual(
      at('2026-03-06T00:00:00'),
    );
  });

  it('adds one extension counted on from the first deadline', () => {
    // 60 days from 2026-01-05 → end of 03-06; extended by 30 days → 04-05 (Sunday) → end of Monday 04-06.
    const start = at('2026-01-05T10:00:00');
    expect(computeDeadline({ start, durations: [days(60)], calendar })).toEqual(at('2026-03-07T00:00:00'));
    expect(computeDeadline({ start, durations: [days(60), days(30)], calendar })).toEqual(
      at('2026-04-07T00:00:00'),
    );
    // Working-day extension: end of Friday 03-06 + 2 working days → end of Tuesday 03-10.
    expect(computeDeadline({ start, durations: [days(60), days(2, 'working')], calendar })).toEqual(
      at('2026-03-11T00:00:00'),
    );
  });

  it('places escalation steps after a deadline', () => {
    const deadline = at('2026-03-07T00:00:00'); // end of Friday 03-06
    expect(afterDeadline(deadline, days(0, 'working'), calendar)).toEqual(deadline);
    expect(afterDeadline(deadline, days(1, 'working'), calendar)).toEqual(at('2026-03-10T00:00:00'));
    expect(afterDeadline(deadline, { amount: 2, unit: 'hour', basis: 'calendar' }, calendar)).toEqual(
      at('2026-03-07T02:00:00'),
    );
  });

  it('advances running time exactly to a day boundary', () => {
    expect(advanceRunningTime(at('2026-03-06T00:00:00'), 24 * 3_600_000, 'working', emptyCalendar)).toEqual(
      at('2026-03-07T00:00:00'),
    );
    expect(advanceRunningTime(at('2026-03-06T05:00:00'), 0, 'working', emptyCalendar)).toEqual(
      at('2026-03-06T05:00:00'),
    );
  });
});
