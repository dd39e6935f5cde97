import { describe, expect, it } from 'vitest';
import { addDays, addMonths, quarterOf, yearsBetween } from './dates';
import { applyDecision, allowedDecisions } from './decisionRules';
import { ageBandOf, ageBands, birthDateRange, isMobileMember, isOutOfContact, memberFlags } from './flags';
import { checkExtension, conversionDueDate, conversionState, reminderStartsOn } from './probation';

describe('calendar arithmetic', () => {
  it('adds months, clamping to the end of shorter months', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-08-31', 1)).toBe('2025-09-30');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2026-01-10', -13)).toBe('2024-12-10');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -30)).toBe('2025-12-02');
  });

  it('counts whole years of age', () => {
    expect(yearsBetween('1990-06-15', '2025-06-14')).toBe(34);
    expect(yearsBetween('1990-06-15', '2025-06-15')).toBe(35);
    // Born on 29 February: a year older on 1 March in common years.
    expect(yearsBetween('2000-02-29', '2025-02-28')).toBe(24);
    expect(yearsBetween('2000-02-29', '2025-03-01')).toBe(25);
  });

  it('finds the quarter of a day as a half-open period', () => {
    expect(quarterOf('2025-01-01')).toEqual({ from: '2025-01-01', to: '2025-04-01' });
    expect(quarterOf('2025-06-30')).toEqual({ from: '2025-04-01', to: '2025-07-01' });
    expect(quarterOf('2025-12-31')).toEqual({ from: '2025-10-01', to: '2026-01-01' });
  });
});

describe('probation', () => {
  it('ends one year after the approval, on the same calendar day', () => {
    expect(conversionDueDate('2024-07-01')).toBe('2025-07-01');
    expect(conversionDueDate('2023-12-31')).toBe('2024-12-31');
  });

  it('ends on 28 February when approved on 29 February (leap years)', () => {
    expect(conversionDueDate('2024-02-29')).toBe('2025-02-28');
    // Approved on 28 February the year before a leap year: the anniversary exists, no shift.
    expect(conversionDueDate('2023-02-28')).toBe('2024-02-28');
    // Approved on 29 February 2028 and extended 12 months: two years on there is no 29 February either.
    expect(conversionDueDate('2028-02-29', 12)).toBe('2030-02-28');
    // Four years (12 + 12 months) is not reachable, but 2024-02-29 + 12 + 12 lands on a common year.
    expect(conversionDueDate('2024-02-29', 12)).toBe('2026-02-28');
  });

  it('counts an extension from the approval date, keeping its day where it exists', () => {
    expect(conversionDueDate('2024-02-29', 6)).toBe('2025-08-29');
    expect(conversionDueDate('2024-08-31', 6)).toBe('2026-02-28');
    expect(conversionDueDate('2024-03-15', 7)).toBe('2025-10-15');
  });

  it('allows one extension of 6 to 12 whole months', () => {
    expect(checkExtension(6, null)).toBeNull();
    expect(checkExtension(12, null)).toBeNull();
    expect(checkExtension(9, 0)).toBeNull();
    expect(checkExtension(5, null)).toBe('outOfRange');
    expect(checkExtension(13, null)).toBe('outOfRange');
    expect(checkExtension(0, null)).toBe('outOfRange');
    expect(checkExtension(6.5, null)).toBe('notWholeMonths');
    expect(checkExtension(Number.NaN, null)).toBe('notWholeMonths');
    expect(checkExtension(6, 6)).toBe('alreadyExtended');
    expect(checkExtension(12, 12)).toBe('alreadyExtended');
  });

  it('reminds N days before the end and flags an overdue conversion', () => {
    expect(reminderStartsOn('2025-07-01', 30)).toBe('2025-06-01');
    expect(conversionState('2025-07-01', '2025-05-31', 30)).toBe('onTrack');
    expect(conversionState('2025-07-01', '2025-06-01', 30)).toBe('dueSoon');
    expect(conversionState('2025-07-01', '2025-07-01', 30)).toBe('dueSoon');
    expect(conversionState('2025-07-01', '2025-07-02', 30)).toBe('overdue');
    // Across the end of February in a common year: 1 March − 7 days is 22 February.
    expect(conversionState('2025-03-01', '2025-02-21', 7)).toBe('onTrack');
    expect(conversionState('2025-03-01', '2025-02-22', 7)).toBe('dueSoon');
    expect(conversionState('2025-03-01', '2025-02-21', 8)).toBe('dueSoon');
    expect(conversionState('2025-03-01', '2025-02-21', 0)).toBe('onTrack');
  });
});

describe('decision rules', () => {
  const probationary = {
    id: 'm',
    bannerId: null,
    personId: 'p',
    unitId: 'u',
    category: 'probationary',
    status: 'active',
    joinedOn: '2024-02-29',
    fullOn: null,
    education: null,
    post: null,
    awaySince: null,
    lastContactOn: null,
    probationExtensionMonths: null,
    conversionDueOn: '2025-02-28',
    createdAt: '',
    updatedAt: '',
  };
  const decision = (kind: string, decidedOn: string, extensionMonths?: number) =>
    ({ kind, decidedOn, approver: '支部党员大会', extensionMonths }) as Parameters<typeof applyDecision>[1];

  it('offers only the decisions the state allows', () => {
    expect(allowedDecisions(probationary)).toEqual(['conversion', 'extension', 'cancellation', 'death']);
    expect(allowedDecisions({ ...probationary, probationExtensionMonths: 6 })).toEqual([
      'conversion',
      'cancellation',
      'death',
    ]);
    expect(allowedDecisions({ ...probationary, category: 'full' })).toEqual([
      'suspension',
      'removal',
      'death',
    ]);
    expect(allowedDecisions({ ...probationary, category: 'full', status: 'suspended' })).toEqual([
      'reinstatement',
      'removal',
      'death',
    ]);
    expect(allowedDecisions({ ...probationary, status: 'removed' })).toEqual([]);
  });

  it('converts on or after the end of probation, with 党龄 from that day', () => {
    expect(() => applyDecision(probationary, decision('conversion', '2025-02-27'))).toThrow(
      'MEMBERS_CONVERSION_TOO_EARLY',
    );
    expect(applyDecision(probationary, decision('conversion', '2025-03-10'))).toEqual({
      category: 'full',
      fullOn: '2025-02-28',
      conversionDueOn: null,
    });
  });

  it('extends once, within 6 to 12 months, moving the end of probation', () => {
    expect(applyDecision(probationary, decision('extension', '2025-02-28', 6))).toEqual({
      probationExtensionMonths: 6,
      conversionDueOn: '2025-08-29',
    });
    expect(() => applyDecision(probationary, decision('extension', '2025-02-28', 4))).toThrow(
      'MEMBERS_EXTENSION_RANGE',
    );
    expect(() => applyDecision(probationary, decision('extension', '2025-02-28'))).toThrow(
      'MEMBERS_EXTENSION_RANGE',
    );
    const extended = { ...probationary, probationExtensionMonths: 6, conversionDueOn: '2025-08-29' };
    expect(() => applyDecision(extended, decision('extension', '2025-08-29', 6))).toThrow(
      'MEMBERS_EXTENSION_TWICE',
    );
  });

  it('refuses a decision that does not fit the category or status', () => {
    expect(() =>
      applyDecision({ ...probationary, category: 'full' }, decision('conversion', '2025-03-01')),
    ).toThrow('MEMBERS_DECISION_NOT_ALLOWED');
    expect(() => applyDecision(probationary, decision('reinstatement', '2025-03-01'))).toThrow(
      'MEMBERS_DECISION_NOT_ALLOWED',
    );
    expect(
      applyDecision({ ...probationary, category: 'full' }, decision('suspension', '2025-03-01')),
    ).toEqual({
      status: 'suspended',
    });
  });
});

describe('flags computed from dates', () => {
  const today = '2025-08-31';
  const base = { status: 'active', awaySince: null, lastContactOn: null };

  it('marks a member away six months or more without a transfer as mobile', () => {
    // Six months before 31 August is 28 February (clamped).
    expect(isMobileMember({ ...base, awaySince: '2025-02-28' }, today)).toBe(true);
    expect(isMobileMember({ ...base, awaySince: '2025-03-01' }, today)).toBe(false);
    expect(isMobileMember({ ...base, awaySince: '2023-01-01' }, today)).toBe(true);
    expect(isMobileMember(base, today)).toBe(false);
  });

  it('clears the mobile flag once a transfer was accepted after leaving', () => {
    const away = { ...base, awaySince: '2024-05-01' };
    expect(isMobileMember({ ...away, lastAcceptedTransferOn: '2024-09-01' }, today)).toBe(false);
    // A transfer accepted before leaving does not count.
    expect(isMobileMember({ ...away, lastAcceptedTransferOn: '2023-09-01' }, today)).toBe(true);
  });

  it('marks no contact for six months or more as out of contact; unknown dates raise nothing', () => {
    expect(isOutOfContact({ ...base, lastContactOn: '2025-02-28' }, today)).toBe(true);
    expect(isOutOfContact({ ...base, lastContactOn: '2025-03-01' }, today)).toBe(false);
    expect(isOutOfContact(base, today)).toBe(false);
    expect(isOutOfContact({ ...base, lastContactOn: '2025-05-01' }, today, 3)).toBe(true);
  });

  it('raises no flag for a member who is no longer active', () => {
    const gone = { status: 'transferredOut', awaySince: '2020-01-01', lastContactOn: '2020-01-01' };
    expect(memberFlags(gone, today)).toEqual({ mobile: false, outOfContact: false });
    expect(memberFlags({ ...gone, status: 'active' }, today)).toEqual({ mobile: true, outOfContact: true });
  });

  it('puts ages into bands whose birth-date bounds agree with the band of every day', () => {
    expect(ageBandOf('1995-09-01', today)).toBe('upTo30');
    expect(ageBandOf('1995-08-31', today)).toBe('upTo30');
    expect(ageBandOf('1994-08-31', today)).toBe('31to40');
    expect(ageBandOf('1964-09-01', today)).toBe('51to60');
    expect(ageBandOf('1964-08-31', today)).toBe('61plus');
    // The SQL bounds select exactly the people the function puts in the band, leap days included.
    for (const day of ['2024-02-29', '2025-02-28', '2025-03-01', today]) {
      for (const band of ageBands) {
        const range = birthDateRange(band.key, day);
        for (let offset = -400; offset <= 400; offset += 1) {
          for (const edge of [range.bornAfter, range.bornOnOrBefore]) {
            const birth = addDays(edge, offset);
            if (birth > day) continue;
            const inRange = birth > range.bornAfter && birth <= range.bornOnOrBefore;
            expect(inRange, `${birth} ${band.key} on ${day}`).toBe(ageBandOf(birth, day) === band.key);
          }
        }
      }
    }
  });
});
