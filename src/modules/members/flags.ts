import { addMonths, yearsBetween } from './dates';

/**
 * Flags computed from dates, never set by hand (RULES §2): a mobile member (流动党员) has been away
 * from the organisation's place for `months` (default 6) or more without an accepted transfer since;
 * a member is out of contact (失联) when the last contact is `months` or more ago. Unknown dates
 * (null) raise no flag.
 */
export interface FlagInput {
  status: string;
  awaySince: string | null;
  lastContactOn: string | null;
  /** Day the member's latest accepted transfer was accepted, if any. */
  lastAcceptedTransferOn?: string | null;
}

export interface FlagThresholds {
  mobileAfterMonths: number;
  outOfContactAfterMonths: number;
}

export const defaultThresholds: FlagThresholds = { mobileAfterMonths: 6, outOfContactAfterMonths: 6 };

/** The latest date that counts as "`months` or more ago" on `today`. */
export function cutoffDate(today: string, months: number): string {
  return addMonths(today, -months);
}

/** Away since `cutoff` or earlier, without an accepted transfer after leaving. */
function awayPast(member: FlagInput, cutoff: string): boolean {
  if (member.status !== 'active' || !member.awaySince || member.awaySince > cutoff) return false;
  return !(member.lastAcceptedTransferOn && member.lastAcceptedTransferOn >= member.awaySince);
}

/** Last contact on `cutoff` or earlier. */
function silentPast(member: FlagInput, cutoff: string): boolean {
  return member.status === 'active' && !!member.lastContactOn && member.lastContactOn <= cutoff;
}

/** Away `months`+ without an accepted transfer after leaving. */
export function isMobileMember(member: FlagInput, today: string, months = 6): boolean {
  return awayPast(member, cutoffDate(today, months));
}

/** No contact for `months`+. */
export function isOutOfContact(member: FlagInput, today: string, months = 6): boolean {
  return silentPast(member, cutoffDate(today, months));
}

/** Both flags of members on `today`, the cut-off dates worked out once for a page of them. */
export function memberFlagsOn(
  today: string,
  thresholds: FlagThresholds = defaultThresholds,
): (member: FlagInput) => { mobile: boolean; outOfContact: boolean } {
  const mobileCutoff = cutoffDate(today, thresholds.mobileAfterMonths);
  const contactCutoff = cutoffDate(today, thresholds.outOfContactAfterMonths);
  return (member) => ({
    mobile: awayPast(member, mobileCutoff),
    outOfContact: silentPast(member, contactCutoff),
  });
}

/** Both flags of a member on `today`. */
export function memberFlags(
  member: FlagInput,
  today: string,
  thresholds: FlagThresholds = defaultThresholds,
): { mobile: boolean; outOfContact: boolean } {
  return memberFlagsOn(today, thresholds)(member);
}

/**
 * Age bands of the roster filter and the age indicator, in whole years on the day asked:
 * 30 and under, 31–40, 41–50, 51–60, 61 and over (ten-year bands, the common statistical split).
 */
export const ageBands = [
  { key: 'upTo30', label: '30岁及以下', min: 0, max: 30 },
  { key: '31to40', label: '31—40岁', min: 31, max: 40 },
  { key: '41to50', label: '41—50岁', min: 41, max: 50 },
  { key: '51to60', label: '51—60岁', min: 51, max: 60 },
  { key: '61plus', label: '61岁及以上', min: 61, max: 200 },
] as const;
export type AgeBand = (typeof ageBands)[number]['key'];

/** The age band of a person born on `birthDate`, on `today`. */
export function ageBandOf(birthDate: string, today: string): AgeBand {
  const age = yearsBetween(birthDate, today);
  return (ageBands.find((band) => age >= band.min && age <= band.max) ?? ageBands[0]).key;
}

/**
 * Birth-date bounds of an age band on `today`, for SQL: born in (after, onOrBefore].
 * Age ≥ min ⇔ born on or before today − min years; age ≤ max ⇔ born after today − (max + 1) years.
 */
export function birthDateRange(band: AgeBand, today: string): { bornAfter: string; bornOnOrBefore: string } {
  const spec = ageBands.find((b) => b.key === band)!;
  return {
    bornAfter: addMonths(today, -12 * (spec.max + 1)),
    bornOnOrBefore: addMonths(today, -12 * spec.min),
  };
}
