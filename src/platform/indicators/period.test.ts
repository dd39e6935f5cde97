import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateOf,
  isIsoDate,
  isValidPeriod,
  lastDayOf,
  periodLabel,
  periodOf,
  selectionOf,
  yearOf,
} from './period';

describe('periods', () => {
  it('turns a year, quarter or month into a half-open range', () => {
    expect(periodOf({ kind: 'year', year: 2025 })).toEqual({ from: '2025-01-01', to: '2026-01-01' });
    expect(periodOf({ kind: 'quarter', year: 2025, quarter: 1 })).toEqual({
      from: '2025-01-01',
      to: '2025-04-01',
    });
    expect(periodOf({ kind: 'quarter', year: 2025, quarter: 4 })).toEqual({
      from: '2025-10-01',
      to: '2026-01-01',
    });
    expect(periodOf({ kind: 'month', year: 2024, month: 2 })).toEqual({
      from: '2024-02-01',
      to: '2024-03-01',
    });
    expect(periodOf({ kind: 'month', year: 2025, month: 12 })).toEqual({
      from: '2025-12-01',
      to: '2026-01-01',
    });
    expect(periodOf({ kind: 'custom', from: '2025-03-05', to: '2025-03-06' })).toEqual({
      from: '2025-03-05',
      to: '2025-03-06',
    });
  });

  it('recognises whole years, quarters and months back from a range', () => {
    expect(selectionOf({ from: '2025-01-01', to: '2026-01-01' })).toEqual({ kind: 'year', year: 2025 });
    expect(selectionOf({ from: '2025-07-01', to: '2025-10-01' })).toEqual({
      kind: 'quarter',
      year: 2025,
      quarter: 3,
    });
    expect(selectionOf({ from: '2025-01-01', to: '2025-04-01' })).toMatchObject({ kind: 'quarter' });
    expect(selectionOf({ from: '2025-02-01', to: '2025-03-01' })).toEqual({
      kind: 'month',
      year: 2025,
      month: 2,
    });
    // A quarter must start in January, April, July or October.
    expect(selectionOf({ from: '2025-02-01', to: '2025-05-01' })).toMatchObject({ kind: 'custom' });
    expect(selectionOf({ from: '2025-01-02', to: '2026-01-01' })).toMatchObject({ kind: 'custom' });
    for (const selection of [
      { kind: 'year', year: 2030 },
      { kind: 'quarter', year: 2026, quarter: 2 },
      { kind: 'month', year: 2028, month: 11 },
    ] as const) {
      expect(selectionOf(periodOf(selection))).toEqual(selection);
    }
  });

  it('counts days across month ends, leap years and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(lastDayOf({ from: '2024-02-01', to: '2024-03-01' })).toBe('2024-02-29');
    expect(dateOf(2025, 13)).toBe('2026-01-01');
  });

  it('knows real dates and non-empty ranges', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
    expect(isValidPeriod({ from: '2026-01-01', to: '2026-01-02' })).toBe(true);
    expect(isValidPeriod({ from: '2026-01-01', to: '2026-01-01' })).toBe(false);
    expect(isValidPeriod({ from: '2026-06-01', to: '2026-01-01' })).toBe(false);
  });

  it('takes the calendar year of a China date as the default period', () => {
    expect(yearOf('2025-12-31')).toEqual({ from: '2025-01-01', to: '2026-01-01' });
    expect(yearOf('2026-01-01')).toEqual({ from: '2026-01-01', to: '2027-01-01' });
  });

  it('names periods the way a report writes them', () => {
    expect(periodLabel({ from: '2025-01-01', to: '2026-01-01' })).toBe('2025年');
    expect(periodLabel({ from: '2025-04-01', to: '2025-07-01' })).toBe('2025年第二季度');
    expect(periodLabel({ from: '2025-03-01', to: '2025-04-01' })).toBe('2025年3月');
    expect(periodLabel({ from: '2025-01-05', to: '2025-03-01' })).toBe('2025-01-05 至 2025-02-28');
  });
});
