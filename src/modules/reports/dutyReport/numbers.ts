// How figures read in a Chinese report: exact by default ("2356", "96.5"), or "2000余" style.

/** A value written exactly: integers as they are, other numbers with at most `decimals` places. */
export function formatExact(value: number, decimals = 1): string {
  if (Number.isInteger(value)) return String(value);
  const fixed = value.toFixed(Math.max(0, decimals));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/**
 * A value written "余" style: a whole number of 10 or more is floored to its two leading digits (to the
 * tens below 100) and followed by 余 when that dropped something (2356 → 2300余, 2056 → 2000余, 156 → 150余, 48 → 40余,
 * 2000 → 2000). From 10,000 on it is written in 万 (23,456 → 2.3万余, 123,456 → 12万余, 50,000 → 5万).
 * Below 10, negative or non-integer values (rates) stay exact: "余" there would say nothing.
 */
export function formatApprox(value: number, decimals = 1): string {
  if (!Number.isInteger(value) || value < 10) return formatExact(value, decimals);
  const digits = String(value).length;
  const step = 10 ** Math.max(1, digits - 2);
  const floored = Math.floor(value / step) * step;
  const suffix = floored === value ? '' : '余';
  if (floored >= 10_000) return `${formatExact(floored / 10_000, 4)}万${suffix}`;
  return `${floored}${suffix}`;
}

/** The figure as written in the report. */
export function formatFigure(value: number, rounding: 'exact' | 'approx' = 'exact', decimals = 1): string {
  return rounding === 'approx' ? formatApprox(value, decimals) : formatExact(value, decimals);
}
