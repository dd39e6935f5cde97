import { describe, expect, it } from 'vitest';
import { addMonths, ageOn, dayBefore, daysBetween, termEndDate, termStatus } from './term';

describe('termEndDate', () => {
  it('ends the term the same day five years later', () => {
    expect(termEndDate('2021-03-15', 5)).toBe('2026-03-15');
    expect(termEndDate('2018-12-31', 3)).toBe('2021-12-31');
  });
  it('ends a term that began on 29 February on 28 February of a common year', () => {
    expect(termEndDate('2020-02-29', 5)).toBe('2025-02-28');
    expect(termEndDate('2020-02-29', 4)).toBe('2024-02-29');
  });
});

describe('addMonths', () => {
  it('moves across year ends both ways and clamps to the month end', () => {
    expect(addMonths('2026-03-15', -6)).toBe('2025-09-15');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2026-08-31', -6)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-05-20', 0)).toBe('2024-05-20');
  });
});

describe('termStatus', () => {
  const end = '2026-03-15';
  it('is current before the warning window', () => {
    expect(termStatus(end, '2025-09-14', 6)).toBe('current');
  });
  it('warns from exactly N months before the end', () => {
    expect(termStatus(end, '2025-09-15', 6)).toBe('expiring');
    expect(termStatus(end, '2026-03-14', 6)).toBe('expiring');
  });
  it('is expired on the end date and after it', () => {
    expect(termStatus(end, '2026-03-15', 6)).toBe('expired');
    expect(termStatus(end, '2030-01-01', 6)).toBe('expired');
  });
  it('gives no advance warning when the window is 0 months', () => {
    expect(termStatus(end, '2026-03-14', 0)).toBe('current');
    expect(termStatus(end, '2026-03-15', 0)).toBe('expired');
  });
  it('handles a window that starts on a shorter month', () => {
    // 31 August − 6 months = 28 February.
    expect(termStatus('2026-08-31', '2026-02-27', 6)).toBe('current');
    expect(termStatus('2026-08-31', '2026-02-28', 6)).toBe('expiring');
  });
});

describe('ageOn, daysBetween and dayBefore', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('1980-06-15', '2024-06-14')).toBe(43);
    expect(ageOn('1980-06-15', '2024-06-15')).toBe(44);
    expect(ageOn('2000-02-29', '2021-02-28')).toBe(20);
    expect(ageOn('2000-02-29', '2021-03-01')).toBe(21);
  });
  it('counts days across a leap day and backwards', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-03-15', '2026-03-01')).toBe(-14);
  });
  it('steps back over month and year ends', () => {
    expect(dayBefore('2025-01-01')).toBe('2024-12-31');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
  });
});
