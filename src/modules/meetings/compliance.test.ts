import { describe, expect, it } from 'vitest';
import {
  addDays,
  type ComplianceOrg,
  type ComplianceRule,
  type CountedMeeting,
  chinaDateOf,
  complianceStatus,
  daysBetween,
  evaluate,
  evaluateRange,
  isRated,
  openItems,
  periodContaining,
  periodLabel,
  periodsOverlapping,
  previousPeriod,
  proRataRequired,
  ruleApplies,
  warningText,
  worstStatus,
} from './compliance';
import { kindWindows } from './complianceData';

const rule = (over: Partial<ComplianceRule> & Pick<ComplianceRule, 'kind' | 'period'>): ComplianceRule => ({
  id: `r-${over.kind}`,
  requiredCount: 1,
  unitTypes: ['branch'],
  requiresPartyGroups: false,
  warningDays: 15,
  enabled: true,
  ...over,
});

const assembly = rule({ kind: 'branchAssembly', period: 'quarter' });
const committee = rule({ kind: 'committeeMeeting', period: 'month' });
const lifeMeeting = rule({ kind: 'lifeMeeting', period: 'year' });
const groupMeeting = rule({ kind: 'groupMeeting', period: 'month', requiresPartyGroups: true });

const branch: ComplianceOrg = {
  id: 'b1',
  type: 'branch',
  establishedOn: '2020-05-01',
  hasPartyGroups: false,
};

let seq = 0;
const held = (kind: string, date: string, orgId = 'b1'): CountedMeeting => ({
  id: `m${++seq}`,
  orgId,
  kind,
  date,
});

describe('calendar periods', () => {
  it('puts 03-31 in Q1 and 04-01 in Q2, 12-31 and 01-01 in different years', () => {
    expect(periodContaining('quarter', '2026-03-31')).toEqual({
      kind: 'quarter',
      from: '2026-01-01',
      to: '2026-04-01',
    });
    expect(periodContaining('quarter', '2026-04-01')).toEqual({
      kind: 'quarter',
      from: '2026-04-01',
      to: '2026-07-01',
    });
    expect(periodContaining('quarter', '2026-12-31')).toEqual({
      kind: 'quarter',
      from: '2026-10-01',
      to: '2027-01-01',
    });
    expect(periodContaining('year', '2026-12-31')).toEqual({
      kind: 'year',
      from: '2026-01-01',
      to: '2027-01-01',
    });
    expect(periodContaining('year', '2027-01-01').from).toBe('2027-01-01');
    expect(periodContaining('month', '2026-12-15')).toEqual({
      kind: 'month',
      from: '2026-12-01',
      to: '2027-01-01',
    });
    expect(periodContaining('month', '2028-02-29')).toEqual({
      kind: 'month',
      from: '2028-02-01',
      to: '2028-03-01',
    });
  });

  it('steps back across a year boundary and lists overlapping periods', () => {
    expect(previousPeriod(periodContaining('quarter', '2026-02-10'))).toEqual({
      kind: 'quarter',
      from: '2025-10-01',
      to: '2026-01-01',
    });
    expect(previousPeriod(periodContaining('month', '2026-01-10')).from).toBe('2025-12-01');
    expect(periodsOverlapping('month', '2026-01-01', '2026-04-01').map((p) => p.from)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
    ]);
    expect(periodsOverlapping('year', '2026-01-01', '2026-04-01')).toHaveLength(1);
    expect(periodsOverlapping('quarter', '2025-12-15', '2026-01-02').map(periodLabel)).toEqual([
      '2025年第4季度',
      '2026年第1季度',
    ]);
  });

  it('names periods in Chinese', () => {
    expect(periodLabel(periodContaining('month', '2026-03-05'))).toBe('2026年3月');
    expect(periodLabel(periodContaining('quarter', '2026-11-05'))).toBe('2026年第4季度');
    expect(periodLabel(periodContaining('year', '2026-11-05'))).toBe('2026年');
  });

  it('counts days across month ends and leap years', () => {
    expect(daysBetween('2026-01-01', '2026-04-01')).toBe(90);
    expect(daysBetween('2028-01-01', '2028-04-01')).toBe(91);
    expect(addDays('2026-03-31', 1)).toBe('2026-04-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('takes the calendar date in Asia/Shanghai, not UTC', () => {
    // 16:30 UTC on 31 March is already 00:30 on 1 April in China.
    expect(chinaDateOf('2026-03-31T16:30:00Z')).toBe('2026-04-01');
    expect(chinaDateOf('2026-03-31T15:59:59Z')).toBe('2026-03-31');
    expect(chinaDateOf(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });
});

describe('which meetings count for which period', () => {
  it('counts a meeting on 03-31 for Q1 and one on 04-01 for Q2', () => {
    const meetings = [held('branchAssembly', '2026-03-31'), held('branchAssembly', '2026-04-01')];
    const q1 = evaluate(assembly, branch, periodContaining('quarter', '2026-01-15'), meetings, '2026-05-01');
    const q2 = evaluate(assembly, branch, periodContaining('quarter', '2026-05-15'), meetings, '2026-05-01');
    expect(q1).toMatchObject({ held: 1, status: 'met', meetingIds: [meetings[0]!.id] });
    expect(q2).toMatchObject({ held: 1, status: 'met', meetingIds: [meetings[1]!.id] });
  });

  it('counts a meeting held on the last day of the period, even on that day', () => {
    const meetings = [held('committeeMeeting', '2026-02-28')];
    const feb = periodContaining('month', '2026-02-01');
    expect(evaluate(committee, branch, feb, [], '2026-02-28').status).toBe('warning');
    expect(evaluate(committee, branch, feb, meetings, '2026-02-28').status).toBe('met');
    expect(evaluate(committee, branch, feb, meetings, '2026-03-01').status).toBe('met');
    expect(evaluate(committee, branch, feb, [], '2026-03-01').status).toBe('overdue');
  });

  it('counts only the organisation’s own meetings of the rule’s kind', () => {
    const meetings = [held('partyLecture', '2026-02-01'), held('branchAssembly', '2026-02-01', 'other')];
    const q1 = evaluate(assembly, branch, periodContaining('quarter', '2026-02-01'), meetings, '2026-04-02');
    expect(q1).toMatchObject({ held: 0, status: 'overdue' });
  });
});

describe('pro rata for an organisation established mid-period', () => {
  const q1 = periodContaining('quarter', '2026-02-01');

  it('owes the full count when it existed on the first day', () => {
    expect(proRataRequired(1, q1, '2025-06-01')).toBe(1);
    expect(proRataRequired(1, q1, '2026-01-01')).toBe(1);
    expect(proRataRequired(3, q1, '2026-01-01')).toBe(3);
  });

  it('owes count × remaining ÷ length, rounded to nearest, halves up', () => {
    // 2026-02-20 → 40 of 90 days remain: 0.44 → nothing owed in Q1.
    expect(proRataRequired(1, q1, '2026-02-20')).toBe(0);
    // 2026-01-20 → 71 of 90 days: 0.79 → owed.
    expect(proRataRequired(1, q1, '2026-01-20')).toBe(1);
    // 2026-02-15 → exactly 45 of 90 days: 0.5 rounds up.
    expect(proRataRequired(1, q1, '2026-02-15')).toBe(1);
    expect(proRataRequired(1, q1, '2026-02-16')).toBe(0);
    // Three a quarter, established with a third of the quarter left → one owed.
    expect(proRataRequired(3, q1, '2026-03-02')).toBe(1);
  });

  it('owes nothing when established in the last weeks, or after the period', () => {
    expect(proRataRequired(1, q1, '2026-03-20')).toBe(0);
    expect(proRataRequired(1, q1, '2026-04-01')).toBe(0);
    const year = periodContaining('year', '2026-02-01');
    expect(proRataRequired(1, year, '2026-11-20')).toBe(0);
    expect(proRataRequired(1, year, '2026-01-02')).toBe(1);
  });

  it('shows a late-established branch as not required, and the next period in full', () => {
    const young: ComplianceOrg = { ...branch, establishedOn: '2026-02-20' };
    expect(evaluate(assembly, young, q1, [], '2026-04-05')).toMatchObject({
      required: 0,
      status: 'notRequired',
    });
    const q2 = periodContaining('quarter', '2026-04-05');
    expect(evaluate(assembly, young, q2, [], '2026-06-20')).toMatchObject({ required: 1, status: 'warning' });
  });
});

describe('statuses and warning windows', () => {
  const q1 = periodContaining('quarter', '2026-01-10');
  const status = (today: string, held = 0, warningDays = 15) =>
    complianceStatus({ required: 1, held, period: q1, today, warningDays });

  it('is pending until the warning window, then warning, then overdue', () => {
    expect(status('2026-03-16')).toBe('pending'); // 16 days left
    expect(status('2026-03-17')).toBe('warning'); // 15 days left
    expect(status('2026-03-31')).toBe('warning'); // the last day: 1 day left
    expect(status('2026-04-01')).toBe('overdue');
    expect(status('2026-03-17', 1)).toBe('met');
    expect(status('2025-12-31')).toBe('notStarted');
    expect(status('2026-03-01', 0, 40)).toBe('warning');
  });

  it('keeps the annual 组织生活会 pending through Q4 until the December warning window', () => {
    const year = periodContaining('year', '2026-06-01');
    const life = (today: string, meetings: CountedMeeting[] = []) =>
      evaluate(lifeMeeting, branch, year, meetings, today).status;
    expect(life('2026-10-15')).toBe('pending');
    expect(life('2026-12-16')).toBe('pending'); // 16 days left
    expect(life('2026-12-17')).toBe('warning');
    expect(life('2026-12-31')).toBe('warning');
    expect(life('2027-01-01')).toBe('overdue');
    expect(life('2026-12-20', [held('lifeMeeting', '2026-11-28')])).toBe('met');
  });

  it('requires monthly 支委会 every month', () => {
    const meetings = [held('committeeMeeting', '2026-01-05'), held('committeeMeeting', '2026-03-30')];
    const evaluations = evaluateRange(
      [committee],
      [branch],
      meetings,
      { from: '2026-01-01', to: '2026-04-01' },
      '2026-04-10',
    );
    expect(evaluations.map((e) => [e.period.from, e.status])).toEqual([
      ['2026-01-01', 'met'],
      ['2026-02-01', 'overdue'],
      ['2026-03-01', 'met'],
    ]);
    expect(evaluations.filter(isRated)).toHaveLength(3);
  });

  it('leaves periods not yet started out of a range, and rates only ended periods', () => {
    const evaluations = evaluateRange(
      [committee],
      [branch],
      [],
      { from: '2026-01-01', to: '2027-01-01' },
      '2026-03-10',
    );
    expect(evaluations.map((e) => e.status)).toEqual(['overdue', 'overdue', 'pending']);
    expect(evaluations.filter(isRated)).toHaveLength(2);
  });

  it('picks the worst status of a cell', () => {
    expect(worstStatus(['met', 'warning', 'pending'])).toBe('warning');
    expect(worstStatus(['met', 'overdue'])).toBe('overdue');
    expect(worstStatus(['notRequired', 'met'])).toBe('met');
    expect(worstStatus([])).toBeNull();
  });
});

describe('which rules bind which organisations', () => {
  it('applies by unit type, party groups and the enabled switch', () => {
    expect(ruleApplies(assembly, branch)).toBe(true);
    expect(ruleApplies(assembly, { type: 'partyCommittee', hasPartyGroups: false })).toBe(false);
    expect(ruleApplies(groupMeeting, branch)).toBe(false);
    expect(ruleApplies(groupMeeting, { ...branch, hasPartyGroups: true })).toBe(true);
    expect(ruleApplies({ ...assembly, enabled: false }, branch)).toBe(false);
  });
});

describe('open items', () => {
  const rules = [assembly, committee, lifeMeeting];

  it('lists the running period in its warning window and the last ended period if unmet', () => {
    const meetings = [
      held('committeeMeeting', '2026-02-10'),
      held('branchAssembly', '2025-11-10'),
      held('branchAssembly', '2026-01-08'),
      held('lifeMeeting', '2025-12-01'),
    ];
    const items = openItems(rules, [branch], meetings, '2026-03-20');
    const summary = items.map((i) => `${i.kind}:${i.period.from}:${i.status}`).sort();
    expect(summary).toEqual(['committeeMeeting:2026-03-01:warning']);
    const later = openItems(rules, [branch], meetings, '2026-04-02');
    expect(later.map((i) => `${i.kind}:${i.period.from}:${i.status}`).sort()).toEqual([
      'committeeMeeting:2026-03-01:overdue',
    ]);
  });

  it('carries the last year’s 组织生活会 as overdue in January', () => {
    const items = openItems([lifeMeeting], [branch], [], '2027-01-05');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'overdue', period: { from: '2026-01-01' } });
    expect(warningText(items[0]!)).toBe('2026年未按要求召开组织生活会');
  });

  it('words warnings as a clerk reads them', () => {
    const [item] = openItems([assembly], [branch], [], '2026-03-20');
    expect(warningText(item!)).toBe('本季度尚未召开支部党员大会');
    const twice = { ...assembly, requiredCount: 2 };
    const [short] = openItems([twice], [branch], [held('branchAssembly', '2026-01-10')], '2026-03-20');
    expect(warningText(short!)).toBe('本季度支部党员大会次数不足（应召开 2 次，已召开 1 次）');
    const [lecture] = openItems(
      [rule({ kind: 'partyLecture', period: 'quarter' })],
      [branch],
      [],
      '2026-03-20',
    );
    expect(warningText(lecture!)).toBe('本季度尚未开展党课');
  });
});

describe('which meetings are loaded', () => {
  const rules = [
    assembly,
    committee,
    lifeMeeting,
    rule({ kind: 'partyLecture', period: 'quarter', enabled: false }),
  ];

  it('loads each kind only for the periods its rule looks at', () => {
    // Open items on 6 Dec 2026: this and the last month, quarter and year, each for its own kind; a
    // disabled rule's kind not at all.
    expect(kindWindows(rules, { from: '2026-12-06', to: '2026-12-07' }, true)).toEqual([
      { kind: 'branchAssembly', from: '2026-07-01', to: '2027-01-01' },
      { kind: 'committeeMeeting', from: '2026-11-01', to: '2027-01-01' },
      { kind: 'lifeMeeting', from: '2025-01-01', to: '2027-01-01' },
    ]);
    // A range is evaluated whole: the periods overlapping its first and last days.
    expect(kindWindows(rules, { from: '2026-02-10', to: '2026-05-01' }, false)).toEqual([
      { kind: 'branchAssembly', from: '2026-01-01', to: '2026-07-01' },
      { kind: 'committeeMeeting', from: '2026-02-01', to: '2026-05-01' },
      { kind: 'lifeMeeting', from: '2026-01-01', to: '2027-01-01' },
    ]);
    // Two rules of one kind: the window covers both.
    const yearly = rule({ kind: 'committeeMeeting', period: 'year', id: 'r-yearly' });
    expect(kindWindows([committee, yearly], { from: '2026-03-10', to: '2026-03-11' }, false)).toEqual([
      { kind: 'committeeMeeting', from: '2026-01-01', to: '2027-01-01' },
    ]);
  });
});
