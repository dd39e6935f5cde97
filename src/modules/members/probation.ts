import { addDays, addMonths } from './dates';

/**
 * Probation rules (RULES §2): one year from the branch general meeting's approval; it may be extended
 * once, by 6 to 12 whole months; the member becomes full on the day probation ends (党龄 counts from it).
 *
 * Leap years: the end of probation is the same calendar day one year later; approval on 29 February
 * ends on 28 February of the next year (the anniversary day does not exist, and we never roll into
 * March). An extension is counted from the approval date (12 + N months), so 2024-02-29 extended by
 * 6 months ends on 2025-08-29, not 2025-08-28.
 */
export const PROBATION_MONTHS = 12;
export const EXTENSION_MIN_MONTHS = 6;
export const EXTENSION_MAX_MONTHS = 12;

/** The day probation ends (the earliest conversion date) for an approval date and an optional extension. */
export function conversionDueDate(joinedOn: string, extensionMonths: number | null = null): string {
  return addMonths(joinedOn, PROBATION_MONTHS + (extensionMonths ?? 0));
}

export type ExtensionProblem = 'notWholeMonths' | 'outOfRange' | 'alreadyExtended';

/** Whether an extension of `months` may be granted when the member was already extended by `current` months. */
export function checkExtension(months: number, current: number | null): ExtensionProblem | null {
  if (current !== null && current !== undefined && current > 0) return 'alreadyExtended';
  if (!Number.isInteger(months)) return 'notWholeMonths';
  if (months < EXTENSION_MIN_MONTHS || months > EXTENSION_MAX_MONTHS) return 'outOfRange';
  return null;
}

/** The first day the conversion reminder shows: `reminderDays` before the end of probation. */
export function reminderStartsOn(dueOn: string, reminderDays: number): string {
  return addDays(dueOn, -reminderDays);
}

/**
 * Where a probationary member stands on `today`: 'onTrack' before the reminder window, 'dueSoon' from
 * the reminder day up to and including the last day of probation, 'overdue' after it with no decision.
 */
export type ConversionState = 'onTrack' | 'dueSoon' | 'overdue';

export function conversionState(dueOn: string, today: string, reminderDays: number): ConversionState {
  if (today > dueOn) return 'overdue';
  if (today >= reminderStartsOn(dueOn, reminderDays)) return 'dueSoon';
  return 'onTrack';
}
