// Calendar arithmetic on ISO dates (YYYY-MM-DD) without time zones: the dates are already Asia/Shanghai days.

function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.split('-').map(Number);
  return [y!, m!, d!];
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days in a month (1–12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Adds whole calendar months. When the day does not exist in the target month it is clamped to that
 * month's last day: 2024-02-29 + 12 months → 2025-02-28, 2025-08-31 + 1 month → 2025-09-30.
 */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = parts(iso);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

/** Adds (or with a negative number subtracts) days. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = parts(iso);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (negative when `to` is earlier): 2024-02-28 → 2024-03-01 is 2. */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

/** Whole years from `birthDate` to `on` (the age on that day). */
export function yearsBetween(birthDate: string, on: string): number {
  const [by, bm, bd] = parts(birthDate);
  const [y, m, d] = parts(on);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The calendar quarter containing a day, as a half-open period [from, to). */
export function quarterOf(iso: string): { from: string; to: string } {
  const [y, m] = parts(iso);
  const first = Math.floor((m - 1) / 3) * 3 + 1;
  const from = format(y, first, 1);
  return { from, to: addMonths(from, 3) };
}
