// The compliance engine's figures for screens that show only numbers (the dashboard, the comparison
// across units), counted without building an Evaluation per requirement. At league scale a year holds
// 90,000 requirements and 100,000 counted meetings; the engine (compliance.ts) copies every meeting
// into an object with its id, evaluates each requirement into an object carrying its meetings' ids,
// and then counts. Here the meetings arrive grouped by organisation, kind and year with their dates as
// day numbers (meeting_days), each requirement is a slot in a typed array, and a meeting is a position,
// not an id.
//
// The rules are the engine's own functions (ruleApplies, proRataRequired, complianceStatus) applied to
// the same organisations (loadOrgs) and the same meetings (loadCountedMeetings reads them from
// meetings, this from their days), so the engine stays the one statement of them; it still answers
// everything that lists records (evidence ids, the matrix, the warnings), and the tests hold both to
// the same answers.
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../platform/db';
import { ancestorPath, pathCondition, pathDepth, pathInScope, type Scope } from '../../platform/scope';
import {
  addDays,
  type ComplianceRule,
  type ComplianceStatus,
  type CompliancePeriod,
  complianceStatus,
  periodContaining,
  periodsOverlapping,
  previousPeriod,
  proRataRequired,
  ruleApplies,
} from './compliance';
import { loadOrgs, type OrgInfo } from './complianceData';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a calendar date: the number PostgreSQL's `date - date '1970-01-01'` gives. */
function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/**
 * One status input to be refilled for requirement after requirement (the counts ask for
 * hundreds of thousands of statuses; an object each would be garbage): a placeholder period
 * until the first is set.
 */
function statusInput(today: string): Parameters<typeof complianceStatus>[0] {
  return { required: 0, held: 0, period: { kind: 'month', from: today, to: today }, today, warningDays: 0 };
}

/** The calendar years the dates [from, to) begin and end in (meeting_days' rows that hold them). */
function yearsOf(range: { from: string; to: string }): { first: number; last: number } {
  return { first: Number(range.from.slice(0, 4)), last: Number(addDays(range.to, -1).slice(0, 4)) };
}

/** One enabled rule with the periods to evaluate it in, and a day → period lookup over them. */
interface RulePlan {
  index: number;
  rule: ComplianceRule;
  periods: CompliancePeriod[];
  /** For each day from the plan set's first day: the index of the period holding it, or -1. */
  periodOfDay: Int16Array;
}

/** The rules' plans over one span of days. */
interface Plans {
  rules: RulePlan[];
  firstDay: number;
  /** Per kind, the positions in `rules` of its plans. */
  byKind: Map<string, number[]>;
  /** The same by the kind's position in `byKind`'s keys (what a loaded meeting carries). */
  ofKind: number[][];
}

function plansOf(
  rules: readonly ComplianceRule[],
  periodsOf: (rule: ComplianceRule) => CompliancePeriod[],
): Plans {
  const chosen = rules
    .flatMap((rule, index) => (rule.enabled ? [{ index, rule, periods: periodsOf(rule) }] : []))
    .filter((plan) => plan.periods.length > 0 && plan.rule.unitTypes.length > 0);
  const all = chosen.flatMap((plan) => plan.periods);
  const firstDay = all.length ? Math.min(...all.map((p) => dayNumber(p.from))) : 0;
  const lastDay = all.length ? Math.max(...all.map((p) => dayNumber(p.to))) : 0;
  const byKind = new Map<string, number[]>();
  const plans = chosen.map((plan, position) => {
    const periodOfDay = new Int16Array(lastDay - firstDay).fill(-1);
    plan.periods.forEach((period, index) => {
      periodOfDay.fill(index, dayNumber(period.from) - firstDay, dayNumber(period.to) - firstDay);
    });
    byKind.set(plan.rule.kind, [...(byKind.get(plan.rule.kind) ?? []), position]);
    return { ...plan, periodOfDay };
  });
  return { rules: plans, firstDay, byKind, ofKind: [...byKind.values()] };
}

/**
 * The organisations in scope the rules may bind, and their counted meetings (submitted or approved)
 * in the plans' years, each as the positions of the organisation it was held by and, for a 党小组's
 * meeting, of the branch it also counts for (-1 when not among the organisations). The meetings come
 * from their days (meeting_days, kept by triggers on meetings): a year of the league's in 25 ms, where
 * grouping the meetings themselves took 230.
 */
interface Loaded {
  orgs: OrgInfo[];
  /** The kinds the meetings are of; `kind` holds positions in it. */
  kinds: string[];
  kind: Uint8Array;
  day: Int32Array;
  holder: Int32Array;
  branch: Int32Array;
}

/**
 * Reads the organisations of the given types in the scope as loadOrgs does; a caller may pass one that
 * shares them between the figures of a batch (the rate and the open items read the same).
 */
export type OrgsLoader = (types: readonly string[]) => Promise<OrgInfo[]>;

async function loadFor(db: DbOrTx, scope: Scope, plans: Plans, orgsOf?: OrgsLoader): Promise<Loaded> {
  const types = [...new Set(plans.rules.flatMap((plan) => plan.rule.unitTypes))].sort();
  const orgs = await (orgsOf ? orgsOf(types) : loadOrgs(db, scope, types));
  const kinds = [...plans.byKind.keys()];
  const empty = {
    orgs,
    kinds,
    kind: new Uint8Array(0),
    day: new Int32Array(0),
    holder: new Int32Array(0),
    branch: new Int32Array(0),
  };
  if (orgs.length === 0 || kinds.length === 0) return empty;
  // Per kind, the years its rules' periods cover; days outside the periods lie in no plan's period.
  const windows = [...plans.byKind].map(([kind, positions]) => {
    const periods = positions.flatMap((p) => plans.rules[p]!.periods);
    const from = Math.min(...periods.map((p) => yearsOf(p).first));
    const to = Math.max(...periods.map((p) => yearsOf(p).last));
    return sql`(d.kind = ${kind} and d.year between ${from} and ${to})`;
  });
  const rows = await queryRows<{
    unitId: string;
    branchId: string | null;
    kind: string;
    n: number;
    days: string;
  }>(
    db,
    sql`select d.unit_id as "unitId", case when u.type = 'partyGroup' then u.parent_id end as "branchId", d.kind,
          cardinality(d.days) as n, array_to_string(d.days, ',') as days
        from meeting_days d join units u on u.id = d.unit_id
        where (${sql.join(windows, sql` or `)}) and cardinality(d.days) > 0
          and ${pathCondition(scope, sql`u.path`)}`,
  );
  const position = new Map(orgs.map((org, index) => [org.id, index]));
  const kindPosition = new Map(kinds.map((kind, index) => [kind, index]));
  const total = rows.reduce((sum, row) => sum + row.n, 0);
  const loaded: Loaded = {
    orgs,
    kinds,
    kind: new Uint8Array(total),
    day: new Int32Array(total),
    holder: new Int32Array(total),
    branch: new Int32Array(total),
  };
  let at = 0;
  for (const row of rows) {
    loaded.kind.fill(kindPosition.get(row.kind)!, at, at + row.n);
    loaded.holder.fill(position.get(row.unitId) ?? -1, at, at + row.n);
    loaded.branch.fill(row.branchId ? (position.get(row.branchId) ?? -1) : -1, at, at + row.n);
    forEachDay(row.days, (day) => {
      loaded.day[at] = day;
      at += 1;
    });
  }
  return loaded;
}

/**
 * Calls `visit` for each requirement meeting `i` counts toward: each plan of its kind whose periods
 * hold its day, for the organisation that held it and for the branch above a 党小组 (where known).
 * `slot` is the requirement's place in the plan's org × period array.
 */
function forEachCounted(
  loaded: Loaded,
  plans: Plans,
  i: number,
  visit: (plan: number, org: number, slot: number) => void,
): void {
  const day = loaded.day[i]! - plans.firstDay;
  for (const p of plans.ofKind[loaded.kind[i]!]!) {
    const plan = plans.rules[p]!;
    const period = plan.periodOfDay[day] ?? -1;
    if (period < 0) continue;
    const holder = loaded.holder[i]!;
    if (holder >= 0) visit(p, holder, holder * plan.periods.length + period);
    const branch = loaded.branch[i]!;
    if (branch >= 0) visit(p, branch, branch * plan.periods.length + period);
  }
}

/** Held counts of every requirement: per rule plan, org × period (row-major by organisation). */
function heldCounts(loaded: Loaded, plans: Plans): Int32Array[] {
  const binds = plans.rules.map((plan) => loaded.orgs.map((org) => ruleApplies(plan.rule, org)));
  const held = plans.rules.map((plan) => new Int32Array(loaded.orgs.length * plan.periods.length));
  const count = (p: number, org: number, slot: number) => {
    if (binds[p]![org]) held[p]![slot]! += 1;
  };
  for (let i = 0; i < loaded.day.length; i += 1) forEachCounted(loaded, plans, i, count);
  return held;
}

/** The rate's parts for one group (a kind, an organisation type, or all). */
export interface RatedCount {
  rated: number;
  met: number;
  /** Distinct meetings that met the group's requirements. */
  meetings: number;
}

export interface RatedCounts {
  total: RatedCount;
  byKind: Map<string, RatedCount>;
  byOrgType: Map<string, RatedCount>;
}

/** The rated requirements of a scope, ready to be counted for it or for parts of it. */
export interface RatedInput {
  loaded: Loaded;
  plans: Plans;
  held: Int32Array[];
  today: string;
  /**
   * The counts of every part at one depth of the tree (the comparison's columns), by the parts' paths:
   * counted in one pass the first time a part at that depth is asked for.
   */
  partsAtDepth: Map<number, Map<string, RatedCounts>>;
}

/**
 * Loads what the rate needs for `scope`: the periods lying wholly inside `period` that have started by
 * `today`, as evaluateRange then the rate's filter take them.
 */
export async function loadRatedInput(
  db: DbOrTx,
  scope: Scope,
  rules: readonly ComplianceRule[],
  period: { from: string; to: string },
  today: string,
  orgsOf?: OrgsLoader,
): Promise<RatedInput> {
  const plans = plansOf(rules, (rule) =>
    periodsOverlapping(rule.period, period.from, period.to).filter(
      (p) => p.from <= today && p.from >= period.from && p.to <= period.to,
    ),
  );
  const loaded = await loadFor(db, scope, plans, orgsOf);
  return { loaded, plans, held: heldCounts(loaded, plans), today, partsAtDepth: new Map() };
}

/**
 * What evaluateRange then isRated give, counted: requirements rated and met, and the distinct
 * meetings that met them, in all, by kind and by organisation type. With `within`, only the
 * organisations inside it take part (a part of the scope loaded). A part under one unit is counted
 * with every other part at its depth, once, and then read: the columns of a comparison cost one pass.
 */
export function countRated(input: RatedInput, within?: Scope): RatedCounts {
  if (within?.paths.length === 1) {
    const root = within.paths[0]!;
    const depth = pathDepth(root);
    let parts = input.partsAtDepth.get(depth);
    if (!parts) {
      parts = countByPart(input, (path) => ancestorPath(path, depth));
      input.partsAtDepth.set(depth, parts);
    }
    return parts.get(root) ?? noCounts();
  }
  const own = (path: string) => (!within || pathInScope(within, path) ? '' : null);
  return countByPart(input, own).get('') ?? noCounts();
}

/**
 * countRated of each part of the scope loaded, in one pass: `partOf` names the part an organisation
 * belongs to (null: none, it takes no part).
 */
function countByPart(input: RatedInput, partOf: (path: string) => string | null): Map<string, RatedCounts> {
  const { loaded, plans, held, today } = input;
  const parts = new Map<string, RatedCounts>();
  const positions = new Map<string, number>();
  const results: RatedCounts[] = [];
  // Each organisation's part as a position in `results`, -1 for none.
  const part = new Int32Array(loaded.orgs.length);
  loaded.orgs.forEach((org, o) => {
    const key = partOf(org.path);
    if (key === null) {
      part[o] = -1;
      return;
    }
    let position = positions.get(key);
    if (position === undefined) {
      position = results.push(noCounts()) - 1;
      positions.set(key, position);
      parts.set(key, results[position]!);
    }
    part[o] = position;
  });
  const groupOf = (map: Map<string, RatedCount>, key: string) => {
    let group = map.get(key);
    if (!group) {
      group = zero();
      map.set(key, group);
    }
    return group;
  };
  // Which requirements were met (and rated). One status input serves every requirement in turn.
  const met = plans.rules.map((plan) => new Uint8Array(plan.periods.length * loaded.orgs.length));
  const asked = statusInput(today);
  plans.rules.forEach(({ rule, periods }, p) => {
    asked.warningDays = rule.warningDays;
    // The rule's kind group of each part, found once.
    const kindGroups: Array<RatedCount | undefined> = [];
    loaded.orgs.forEach((org, o) => {
      const where = part[o]!;
      if (where < 0 || !ruleApplies(rule, org)) return;
      const first = o * periods.length;
      let rated = 0;
      let metCount = 0;
      for (let k = 0; k < periods.length; k += 1) {
        const period = periods[k]!;
        const required = proRataRequired(rule.requiredCount, period, org.establishedOn);
        if (required <= 0) continue;
        asked.required = required;
        asked.held = held[p]![first + k]!;
        asked.period = period;
        const status = complianceStatus(asked);
        if (status !== 'met' && status !== 'overdue') continue;
        rated += 1;
        if (status !== 'met') continue;
        metCount += 1;
        met[p]![first + k] = 1;
      }
      if (rated === 0) return;
      const result = results[where]!;
      kindGroups[where] ??= groupOf(result.byKind, rule.kind);
      for (const group of [result.total, kindGroups[where], groupOf(result.byOrgType, org.type)]) {
        group.rated += rated;
        group.met += metCount;
      }
    });
  });
  // Each meeting once per part and group whose met requirements it counted for (only organisations
  // in a part have requirements flagged met). A meeting counts for at most two organisations (its
  // holder, the branch above a 党小组), so the parts and types it met are a few entries.
  const metParts: number[] = [];
  const metTypes: string[] = [];
  let metFound = 0;
  const countType = (p: number, org: number, slot: number) => {
    if (!met[p]![slot]) return;
    const where = part[org]!;
    const type = loaded.orgs[org]!.type;
    for (let j = 0; j < metFound; j += 1) if (metParts[j] === where && metTypes[j] === type) return;
    metParts[metFound] = where;
    metTypes[metFound] = type;
    metFound += 1;
  };
  for (let i = 0; i < loaded.day.length; i += 1) {
    const holder = loaded.holder[i]!;
    const branch = loaded.branch[i]!;
    if (!(holder >= 0 && part[holder]! >= 0) && !(branch >= 0 && part[branch]! >= 0)) continue;
    metFound = 0;
    forEachCounted(loaded, plans, i, countType);
    for (let j = 0; j < metFound; j += 1) {
      const where = metParts[j]!;
      const result = results[where]!;
      if (metParts.indexOf(where) === j) {
        result.total.meetings += 1;
        groupOf(result.byKind, loaded.kinds[loaded.kind[i]!]!).meetings += 1;
      }
      groupOf(result.byOrgType, metTypes[j]!).meetings += 1;
    }
  }
  return parts;
}

function noCounts(): RatedCounts {
  return { total: zero(), byKind: new Map(), byOrgType: new Map() };
}

function zero(): RatedCount {
  return { rated: 0, met: 0, meetings: 0 };
}

/** countRated of the scope itself: loads, then counts. */
export async function ratedCounts(
  db: DbOrTx,
  scope: Scope,
  rules: readonly ComplianceRule[],
  period: { from: string; to: string },
  today: string,
): Promise<RatedCounts> {
  return countRated(await loadRatedInput(db, scope, rules, period, today));
}

/** An open item as openItems gives it, without its meetings. */
export interface OpenItem {
  orgId: string;
  kind: string;
  status: Extract<ComplianceStatus, 'warning' | 'overdue'>;
}

/**
 * What openItems gives on `today`, in its order (organisation by path, rule, running period before
 * the ended one): for each rule and organisation it binds, the running period when it is unmet and
 * within the rule's warning days, and the last ended period when it ended unmet.
 */
export async function openItemsCounted(
  db: DbOrTx,
  scope: Scope,
  rules: readonly ComplianceRule[],
  today: string,
  orgsOf?: OrgsLoader,
): Promise<OpenItem[]> {
  const plans = plansOf(rules, (rule) => {
    const current = periodContaining(rule.period, today);
    return [current, previousPeriod(current)];
  });
  const loaded = await loadFor(db, scope, plans, orgsOf);
  const held = heldCounts(loaded, plans);
  const items: OpenItem[] = [];
  // One status input serves every requirement in turn.
  const asked = statusInput(today);
  for (let o = 0; o < loaded.orgs.length; o += 1) {
    const org = loaded.orgs[o]!;
    for (let p = 0; p < plans.rules.length; p += 1) {
      const { rule, periods } = plans.rules[p]!;
      if (!ruleApplies(rule, org)) continue;
      for (let k = 0; k < periods.length; k += 1) {
        asked.period = periods[k]!;
        asked.required = proRataRequired(rule.requiredCount, asked.period, org.establishedOn);
        asked.held = held[p]![o * 2 + k]!;
        asked.warningDays = rule.warningDays;
        const status = complianceStatus(asked);
        // The running period can only be in its warning window, the ended one only overdue.
        if (status === 'warning' || status === 'overdue')
          items.push({ orgId: org.id, kind: rule.kind, status });
      }
    }
  }
  return items;
}

/** Builds meeting_days again from every meeting: after a bulk load that ran with its triggers off. */
export async function rebuildMeetingDays(db: DbOrTx): Promise<void> {
  await queryRows(db, sql`select jiceng_meeting_days_rebuild()`);
}

/**
 * Each kind's counted meetings of one calendar year in a scope, as running totals over the year's days:
 * `before[i]` meetings were held before its day `i` (`before[0]` is 0, the last entry the year's total).
 */
export interface YearDays {
  firstDay: number;
  before: Map<string, Int32Array>;
}

/** The counted meetings' days of `year` in `scope`, by kind, from meeting_days. */
export async function countedDaysOfYear(db: DbOrTx, scope: Scope, year: number): Promise<YearDays> {
  const rows = await queryRows<{ kind: string; days: string }>(
    db,
    sql`select d.kind, string_agg(array_to_string(d.days, ','), ',') as days
        from meeting_days d join units u on u.id = d.unit_id
        where d.year = ${year} and cardinality(d.days) > 0 and ${pathCondition(scope, sql`u.path`)}
        group by d.kind`,
  );
  const firstDay = dayNumber(`${year}-01-01`);
  const length = dayNumber(`${year + 1}-01-01`) - firstDay;
  const before = new Map<string, Int32Array>();
  for (const row of rows) {
    const totals = new Int32Array(length + 1);
    forEachDay(row.days, (day) => {
      totals[day - firstDay + 1]! += 1;
    });
    for (let i = 1; i <= length; i += 1) totals[i]! += totals[i - 1]!;
    before.set(row.kind, totals);
  }
  return { firstDay, before };
}

/** Each day number of a comma-separated list (array_to_string of meeting_days.days), without splitting it. */
function forEachDay(list: string, visit: (day: number) => void): void {
  if (list.length === 0) return;
  let value = 0;
  let sign = 1;
  for (let i = 0; i < list.length; i += 1) {
    const code = list.charCodeAt(i);
    if (code === 44) {
      visit(sign * value);
      value = 0;
      sign = 1;
    } else if (code === 45) sign = -1;
    else value = value * 10 + code - 48;
  }
  visit(sign * value);
}

/**
 * Counted meetings held in the dates [from, to) by kind, from the days of the years the dates cover
 * (`yearDays` gives a year's, which callers may share between periods).
 */
export async function countedByKind(
  range: { from: string; to: string },
  yearDays: (year: number) => Promise<YearDays>,
): Promise<Map<string, number>> {
  const from = dayNumber(range.from);
  const to = dayNumber(range.to);
  const counts = new Map<string, number>();
  if (from >= to) return counts;
  const { first, last } = yearsOf(range);
  for (let year = first; year <= last; year += 1) {
    const { firstDay, before } = await yearDays(year);
    for (const [kind, totals] of before) {
      // The range's ends as positions in the year's days, clamped to the year.
      const at = (day: number) => Math.min(Math.max(day - firstDay, 0), totals.length - 1);
      counts.set(kind, (counts.get(kind) ?? 0) + totals[at(to)]! - totals[at(from)]!);
    }
  }
  return counts;
}
