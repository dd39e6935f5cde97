// Pure calendar maths of indicator periods: half-open [from, to) ranges of YYYY-MM-DD dates, read as
// calendar days in Asia/Shanghai. No Date-in-local-time anywhere: dates are handled as UTC midnights so
// the server's TZ never shifts a day. Shared by the server and the web app.

/** A half-open period [from, to) of calendar dates (YYYY-MM-DD), Asia/Shanghai. */
export interface Period {
  from: string;
  to: string;
}

/** How a user picks a period: a calendar year, quarter or month, or a custom range. */
export type PeriodSelection =
  | { kind: 'year'; year: number }
  | { kind: 'quarter'; year: number; quarter: number }
  | { kind: 'month'; year: number; month: number }
  | { kind: 'custom'; from: string; to: string };

export type PeriodKind = PeriodSelection['kind'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The date YYYY-MM-DD of year / month (1–12) / day, normalising overflow (month 13 → next January). */
export function dateOf(year: number, month: number, day = 1): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  return dateOf(Number(match[1]), Number(match[2]), Number(match[3])) === value;
}

function partsOf(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y!, m!, d!];
}

/** The date `days` days after (or before, when negative) a date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = partsOf(date);
  return dateOf(y, m, d + days);
}

/** The period a selection stands for. */
export function periodOf(selection: PeriodSelection): Period {
  switch (selection.kind) {
    case 'year':
      return { from: dateOf(selection.year, 1), to: dateOf(selection.year + 1, 1) };
    case 'quarter': {
      const firstMonth = (selection.quarter - 1) * 3 + 1;
      return { from: dateOf(selection.year, firstMonth), to: dateOf(selection.year, firstMonth + 3) };
    }
    case 'month':
      return {
        from: dateOf(selection.year, selection.month),
        to: dateOf(selection.year, selection.month + 1),
      };
    case 'custom':
      return { from: selection.from, to: selection.to };
  }
}

/** Recognises a whole year, quarter or month; anything else is a custom range. */
export function selectionOf(period: Period): PeriodSelection {
  const [y, m, d] = partsOf(period.from);
  if (d === 1) {
    if (m === 1 && period.to === dateOf(y + 1, 1)) return { kind: 'year', year: y };
    if ((m - 1) % 3 === 0 && period.to === dateOf(y, m + 3))
      return { kind: 'quarter', year: y, quarter: (m - 1) / 3 + 1 };
    if (period.to === dateOf(y, m + 1)) return { kind: 'month', year: y, month: m };
  }
  return { kind: 'custom', from: period.from, to: period.to };
}

/** The calendar year containing `today` (a China date), the default period of every figure. */
export function yearOf(today: string): Period {
  return periodOf({ kind: 'year', year: partsOf(today)[0] });
}

/** The last day inside the period (the day before `to`), for showing a range the way people write it. */
export function lastDayOf(period: Period): string {
  return addDays(period.to, -1);
}

/** True when the period is two real dates with from before to. */
export function isValidPeriod(period: Period): boolean {
  return isIsoDate(period.from) && isIsoDate(period.to) && period.from < period.to;
}

const quarterNames = ['第一季度', '第二季度', '第三季度', '第四季度'];

/** The period in Chinese: 2025年, 2025年第一季度, 2025年3月, or 2025-01-05 至 2025-02-28 (inclusive end). */
export function periodLabel(period: Period): string {
  const selection = selectionOf(period);
  switch (selection.kind) {
    case 'year':
      return `${selection.year}年`;
    case 'quarter':
      return `${selection.year}年${quarterNames[selection.quarter - 1]}`;
    case 'month':
      return `${selection.year}年${selection.month}月`;
    case 'custom':
      return `${period.from} 至 ${lastDayOf(period)}`;
  }
}
