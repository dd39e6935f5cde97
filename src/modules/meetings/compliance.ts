// The compliance engine's pure core: calendar periods, pro-rata requirements and statuses.
// All dates are calendar dates (YYYY-MM-DD) in China (Asia/Shanghai); instants are turned into such
// dates once, at the edge (chinaDateOf), and everything here is plain date arithmetic.
import { todayInChina } from '../../platform/time';
import { type MeetingKind, meetingKindSpecs } from './kinds';

export const periodKinds = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof periodKinds)[number];

export const periodKindNames: Record<PeriodKind, string> = { month: '每月', quarter: '每季度', year: '每年' };

/** A compliance period: the calendar dates [from, to), `to` exclusive. */
export interface CompliancePeriod {
  kind: PeriodKind;
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

function toUtc(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date `days` days after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** The calendar date in China of an instant (a timestamp string or Date). */
export function chinaDateOf(instant: string | Date): string {
  return todayInChina(typeof instant === 'string' ? new Date(instant) : instant);
}

function firstOfMonth(year: number, month: number): string {
  // month is 1-based and may overflow into the next year.
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
}

/** The period of the given kind that contains `date`. */
export function periodContaining(kind: PeriodKind, date: string): CompliancePeriod {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (kind === 'month') return { kind, from: firstOfMonth(year, month), to: firstOfMonth(year, month + 1) };
  if (kind === 'quarter') {
    const start = Math.floor((month - 1) / 3) * 3 + 1;
    return { kind, from: firstOfMonth(year, start), to: firstOfMonth(year, start + 3) };
  }
  return { kind, from: firstOfMonth(year, 1), to: firstOfMonth(year + 1, 1) };
}

/** The period right after `period`. */
export function nextPeriod(period: CompliancePeriod): CompliancePeriod {
  return periodContaining(period.kind, period.to);
}

/** The period right before `period`. */
export function previousPeriod(period: CompliancePeriod): CompliancePeriod {
  return periodContaining(period.kind, addDays(period.from, -1));
}

/** Every period of `kind` that overlaps the dates [from, to). */
export function periodsOverlapping(kind: PeriodKind, from: string, to: string): CompliancePeriod[] {
  const periods: CompliancePeriod[] = [];
  for (let p = periodContaining(kind, from); p.from < to; p = nextPeriod(p)) periods.push(p);
  return periods;
}

/** The period's name: 2026年3月, 2026年第1季度, 2026年. */
export function periodLabel(period: CompliancePeriod): string {
  const year = Number(period.from.slice(0, 4));
  const month = Number(period.from.slice(5, 7));
  if (period.kind === 'month') return `${year}年${month}月`;
  if (period.kind === 'quarter') return `${year}年第${(month - 1) / 3 + 1}季度`;
  return `${year}年`;
}

/** How a warning refers to the current period: 本月, 本季度, 本年度. */
export function currentPeriodWord(kind: PeriodKind): string {
  return kind === 'month' ? '本月' : kind === 'quarter' ? '本季度' : '本年度';
}

/**
 * The number of activities an organisation owes in a period, given the date it was established.
 *
 * Pro rata rule: an organisation that existed on the period's first day owes the full count. One
 * established during the period owes `count × daysRemaining ÷ daysInPeriod`, rounded to the nearest
 * whole number with halves rounded up, where daysRemaining counts from the establishment day (included)
 * to the period end. So a branch created on 2026-02-20 owes no quarterly 支部党员大会 for Q1
 * (1 × 40 ÷ 90 = 0.44 → 0), one created on 2026-01-20 owes it (71 ÷ 90 = 0.79 → 1), and a branch
 * created in the last weeks of any period owes nothing for it. (Rounding down instead would let a
 * branch created on 2 January skip the whole year's 组织生活会.) One established on or after the
 * period end owes nothing.
 */
export function proRataRequired(
  count: number,
  period: CompliancePeriod,
  establishedOn: string | null,
): number {
  if (!establishedOn || establishedOn <= period.from) return count;
  if (establishedOn >= period.to) return 0;
  const length = daysBetween(period.from, period.to);
  const remaining = daysBetween(establishedOn, period.to);
  // Integer form of floor(count × remaining ÷ length + 0.5): no floating-point surprises at exactly half.
  return Math.floor((2 * count * remaining + length) / (2 * length));
}

/**
 * Where a requirement stands on `today`:
 * - notRequired: nothing owed in this period (e.g. established late, pro rata);
 * - met: held at least the required number;
 * - notStarted: the period lies in the future;
 * - pending: missing, the period runs and ends in more than `warningDays` days;
 * - warning: missing, and the period ends within `warningDays` days (today counted: on the last day
 *   of a period 1 day remains);
 * - overdue: missing, and the period has ended.
 */
export type ComplianceStatus = 'notRequired' | 'met' | 'notStarted' | 'pending' | 'warning' | 'overdue';

export const complianceStatusNames: Record<ComplianceStatus, string> = {
  notRequired: '不作要求',
  met: '已完成',
  notStarted: '未开始',
  pending: '进行中',
  warning: '即将到期',
  overdue: '逾期未完成',
};

export function complianceStatus(input: {
  required: number;
  held: number;
  period: CompliancePeriod;
  today: string;
  warningDays: number;
}): ComplianceStatus {
  const { required, held, period, today, warningDays } = input;
  if (required <= 0) return 'notRequired';
  if (held >= required) return 'met';
  if (today >= period.to) return 'overdue';
  if (today < period.from) return 'notStarted';
  return daysBetween(today, period.to) <= warningDays ? 'warning' : 'pending';
}

/** A compliance rule as the engine sees it (a row of meeting_rules). */
export interface ComplianceRule {
  id: string;
  kind: MeetingKind;
  requiredCount: number;
  period: PeriodKind;
  /** Unit types the rule applies to (branch, mobileTalentBranch …). */
  unitTypes: readonly string[];
  /** Applies only to organisations that have party groups (党小组会). */
  requiresPartyGroups: boolean;
  warningDays: number;
  enabled: boolean;
}

/** An organisation as the engine sees it. */
export interface ComplianceOrg {
  id: string;
  type: string;
  /** Date (China) the organisation was established: its creation in the tree. */
  establishedOn: string;
  hasPartyGroups: boolean;
}

/** A meeting that counts (submitted or approved), already attributed to the organisation it counts for. */
export interface CountedMeeting {
  id: string;
  orgId: string;
  kind: string;
  date: string;
}

/** Whether a rule binds an organisation. */
export function ruleApplies(
  rule: ComplianceRule,
  org: Pick<ComplianceOrg, 'type' | 'hasPartyGroups'>,
): boolean {
  if (!rule.enabled) return false;
  if (!rule.unitTypes.includes(org.type)) return false;
  return !rule.requiresPartyGroups || org.hasPartyGroups;
}

/** One requirement of one organisation in one period, evaluated. */
export interface Evaluation {
  orgId: string;
  ruleId: string;
  kind: MeetingKind;
  period: CompliancePeriod;
  required: number;
  held: number;
  /** The meetings that counted, for evidence. */
  meetingIds: string[];
  status: ComplianceStatus;
  /** Days from today to the period end (0 or less once ended). */
  daysLeft: number;
}

/**
 * Evaluates one rule for one organisation in one period. `daysLeft` may be given when the caller has
 * it for the period already (the engine evaluates each period for thousands of organisations).
 */
export function evaluate(
  rule: ComplianceRule,
  org: ComplianceOrg,
  period: CompliancePeriod,
  meetings: readonly CountedMeeting[],
  today: string,
  daysLeft = daysBetween(today, period.to),
): Evaluation {
  const meetingIds: string[] = [];
  for (const m of meetings) {
    if (m.orgId === org.id && m.kind === rule.kind && m.date >= period.from && m.date < period.to)
      meetingIds.push(m.id);
  }
  const required = proRataRequired(rule.requiredCount, period, org.establishedOn);
  return {
    orgId: org.id,
    ruleId: rule.id,
    kind: rule.kind,
    period,
    required,
    held: meetingIds.length,
    meetingIds,
    status: complianceStatus({
      required,
      held: meetingIds.length,
      period,
      today,
      warningDays: rule.warningDays,
    }),
    daysLeft,
  };
}

/**
 * The open items on `today` for each applicable rule and organisation: the running period when it is
 * in its warning window and unmet ("warning"), and the most recently ended period when it ended unmet
 * ("overdue"). Older unmet periods are history, shown by the matrix, not carried as open warnings.
 */
export function openItems(
  rules: readonly ComplianceRule[],
  orgs: readonly ComplianceOrg[],
  meetings: readonly CountedMeeting[],
  today: string,
): Evaluation[] {
  const byOrg = groupByOrgAndKind(meetings);
  const periods = rules.map((rule) => {
    const current = periodContaining(rule.period, today);
    const ended = previousPeriod(current);
    return { current, ended, left: daysBetween(today, current.to), endedLeft: daysBetween(today, ended.to) };
  });
  const items: Evaluation[] = [];
  for (const org of orgs) {
    rules.forEach((rule, index) => {
      if (!ruleApplies(rule, org)) return;
      const own = byOrg.get(org.id)?.get(rule.kind) ?? none;
      const { current, ended, left, endedLeft } = periods[index]!;
      const running = evaluate(rule, org, current, own, today, left);
      if (running.status === 'warning') items.push(running);
      const last = evaluate(rule, org, ended, own, today, endedLeft);
      if (last.status === 'overdue') items.push(last);
    });
  }
  return items;
}

/**
 * Every period of every applicable rule that overlaps [from, to) and has started by `today`,
 * evaluated; the compliance matrix and the compliance rate read these.
 */
export function evaluateRange(
  rules: readonly ComplianceRule[],
  orgs: readonly ComplianceOrg[],
  meetings: readonly CountedMeeting[],
  range: { from: string; to: string },
  today: string,
): Evaluation[] {
  const byOrg = groupByOrgAndKind(meetings);
  const out: Evaluation[] = [];
  for (const rule of rules) {
    const periods = periodsOverlapping(rule.period, range.from, range.to)
      .filter((p) => p.from <= today)
      .map((period) => ({ period, left: daysBetween(today, period.to) }));
    for (const org of orgs) {
      if (!ruleApplies(rule, org)) continue;
      const own = byOrg.get(org.id)?.get(rule.kind) ?? none;
      for (const { period, left } of periods) out.push(evaluate(rule, org, period, own, today, left));
    }
  }
  return out;
}

/** The worst status among evaluations (for one matrix cell), or null when there are none. */
export function worstStatus(statuses: readonly ComplianceStatus[]): ComplianceStatus | null {
  const order: ComplianceStatus[] = ['overdue', 'warning', 'pending', 'met', 'notRequired', 'notStarted'];
  for (const status of order) if (statuses.includes(status)) return status;
  return null;
}

/**
 * Counts toward the compliance rate: only periods that have ended and required something; a period
 * is compliant when it was met.
 */
export function isRated(evaluation: Evaluation): boolean {
  return evaluation.required > 0 && (evaluation.status === 'met' || evaluation.status === 'overdue');
}

/** The warning text of an open item: 本季度尚未召开支部党员大会 / 2026年第1季度未召开支部党员大会. */
export function warningText(
  evaluation: Pick<Evaluation, 'kind' | 'period' | 'required' | 'held' | 'status'>,
): string {
  const spec = meetingKindSpecs[evaluation.kind];
  const counts =
    evaluation.required > 1
      ? `（应${spec.verb} ${evaluation.required} 次，已${spec.verb} ${evaluation.held} 次）`
      : '';
  if (evaluation.status === 'overdue')
    return `${periodLabel(evaluation.period)}未按要求${spec.verb}${spec.name}${counts}`;
  const prefix = currentPeriodWord(evaluation.period.kind);
  if (evaluation.held === 0) return `${prefix}尚未${spec.verb}${spec.name}${counts}`;
  return `${prefix}${spec.name}次数不足${counts}`;
}

/** Meetings by organisation, then by kind, so each evaluation looks only at its own. */
type MeetingsByOrg = Map<string, Map<string, CountedMeeting[]>>;

function groupByOrgAndKind(meetings: readonly CountedMeeting[]): MeetingsByOrg {
  const map: MeetingsByOrg = new Map();
  for (const m of meetings) {
    let kinds = map.get(m.orgId);
    if (!kinds) {
      kinds = new Map();
      map.set(m.orgId, kinds);
    }
    const list = kinds.get(m.kind);
    if (list) list.push(m);
    else kinds.set(m.kind, [m]);
  }
  return map;
}

const none: readonly CountedMeeting[] = [];
