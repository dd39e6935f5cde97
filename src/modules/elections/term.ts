// Term maths of 两委 (RULES §3): the term ends a whole number of years after the election, and a
// warning starts a configurable number of months before that. Pure functions over YYYY-MM-DD strings.

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y!, m!, d!];
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Adds whole months to a date; a day that does not exist in the target month becomes its last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

/** The date a term ends: the election date `years` later (an election on 29 February ends on the 28th). */
export function termEndDate(electionDate: string, years: number): string {
  return addMonths(electionDate, years * 12);
}

export type TermStatus = 'current' | 'expiring' | 'expired';

/**
 * Where a term stands on `today`: expired from its end date on, expiring from `warningMonths` before
 * it, current otherwise. warningMonths 0 means no advance warning.
 */
export function termStatus(termEnd: string, today: string, warningMonths: number): TermStatus {
  if (today >= termEnd) return 'expired';
  if (warningMonths > 0 && today >= addMonths(termEnd, -warningMonths)) return 'expiring';
  return 'current';
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

/** Age in whole years on `on` (the birthday counts from its day; 29 February birthdays from 1 March). */
export function ageOn(birthDate: string, on: string): number {
  // Both are YYYY-MM-DD, so month and day compare as text (the committee figures take thousands of ages).
  const age = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5, 10) < birthDate.slice(5, 10) ? age - 1 : age;
}

/** The day before a date, for turning a half-open period end into the last day inside it. */
export function dayBefore(date: string): string {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}
