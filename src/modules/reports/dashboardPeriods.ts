// Pure calendar maths of the dashboard's trends: consecutive periods (months, quarters, years) ending
// with the one that contains a given date. Shared by the server and the web app.
import { dateOf, isIsoDate, type Period } from '../../platform/indicators/period';

export type SeriesStep = 'month' | 'quarter' | 'year';
export const seriesSteps: readonly SeriesStep[] = ['month', 'quarter', 'year'];

/** The month, quarter or year containing `date` (YYYY-MM-DD). */
export function periodContaining(date: string, step: SeriesStep): Period {
  if (!isIsoDate(date)) throw new Error(`not a date: ${date}`);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  switch (step) {
    case 'month':
      return { from: dateOf(year, month), to: dateOf(year, month + 1) };
    case 'quarter': {
      const first = Math.floor((month - 1) / 3) * 3 + 1;
      return { from: dateOf(year, first), to: dateOf(year, first + 3) };
    }
    case 'year':
      return { from: dateOf(year, 1), to: dateOf(year + 1, 1) };
  }
}

/**
 * `count` consecutive periods of one step, oldest first, the last one containing `end`
 * (12 months ending with this month: the current month is still running and counted so far).
 */
export function periodsEndingAt(end: string, step: SeriesStep, count: number): Period[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`bad period count: ${count}`);
  const last = periodContaining(end, step);
  const year = Number(last.from.slice(0, 4));
  const month = Number(last.from.slice(5, 7));
  const months = step === 'month' ? 1 : step === 'quarter' ? 3 : 12;
  return Array.from({ length: count }, (_, index) => {
    const back = (count - 1 - index) * months;
    return { from: dateOf(year, month - back), to: dateOf(year, month - back + months) };
  });
}
