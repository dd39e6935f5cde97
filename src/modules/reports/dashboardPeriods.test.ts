import { describe, expect, it } from 'vitest';
import { periodContaining, periodsEndingAt } from './dashboardPeriods';

describe('dashboard periods', () => {
  it('finds the month, quarter and year containing a date', () => {
    expect(periodContaining('2026-03-31', 'month')).toEqual({ from: '2026-03-01', to: '2026-04-01' });
    expect(periodContaining('2026-12-31', 'month')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(periodContaining('2026-02-28', 'quarter')).toEqual({ from: '2026-01-01', to: '2026-04-01' });
    expect(periodContaining('2026-11-25', 'quarter')).toEqual({ from: '2026-10-01', to: '2027-01-01' });
    expect(periodContaining('2024-02-29', 'year')).toEqual({ from: '2024-01-01', to: '2025-01-01' });
    expect(() => periodContaining('2026-02-30', 'month')).toThrow();
  });

  it('lists consecutive months across a year boundary, oldest first, ending with the current one', () => {
    const months = periodsEndingAt('2026-02-15', 'month', 4);
    expect(months).toEqual([
      { from: '2025-11-01', to: '2025-12-01' },
      { from: '2025-12-01', to: '2026-01-01' },
      { from: '2026-01-01', to: '2026-02-01' },
      { from: '2026-02-01', to: '2026-03-01' },
    ]);
    const twelve = periodsEndingAt('2026-11-25', 'month', 12);
    expect(twelve).toHaveLength(12);
    expect(twelve[0]).toEqual({ from: '2025-12-01', to: '2026-01-01' });
    expect(twelve[11]).toEqual({ from: '2026-11-01', to: '2026-12-01' });
    // Each period starts where the one before ended: no gaps, no overlaps.
    for (let i = 1; i < twelve.length; i++) expect(twelve[i]!.from).toBe(twelve[i - 1]!.to);
  });

  it('lists quarters and years', () => {
    expect(periodsEndingAt('2026-01-10', 'quarter', 3)).toEqual([
      { from: '2025-07-01', to: '2025-10-01' },
      { from: '2025-10-01', to: '2026-01-01' },
      { from: '2026-01-01', to: '2026-04-01' },
    ]);
    expect(periodsEndingAt('2026-06-30', 'year', 3)).toEqual([
      { from: '2024-01-01', to: '2025-01-01' },
      { from: '2025-01-01', to: '2026-01-01' },
      { from: '2026-01-01', to: '2027-01-01' },
    ]);
    expect(periodsEndingAt('2026-06-30', 'year', 1)).toEqual([{ from: '2026-01-01', to: '2027-01-01' }]);
    expect(() => periodsEndingAt('2026-06-30', 'year', 0)).toThrow();
  });
});
