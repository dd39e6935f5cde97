// Loads what the compliance engine needs from the database (organisations, counted meetings, rules)
// and runs the pure engine over it. Shared by the routes, the indicators and the tick.
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../platform/db';
import { pathCondition, type Scope } from '../../platform/scope';
import {
  addDays,
  type ComplianceOrg,
  type ComplianceRule,
  type CountedMeeting,
  periodContaining,
  previousPeriod,
} from './compliance';
import { countingStatuses } from './kinds';
import { loadComplianceRules } from './rules';

/** An organisation with what the screens show beside its compliance. */
export interface OrgInfo extends ComplianceOrg {
  name: string;
  path: string;
  parentId: string | null;
}

export interface ComplianceInput {
  rules: ComplianceRule[];
  orgs: OrgInfo[];
  meetings: CountedMeeting[];
}

/**
 * Active organisations in scope of the given types. The establishment date is the day (in China) the
 * organisation was created in the tree; it drives pro rata requirements.
 */
export async function loadOrgs(
  db: DbOrTx,
  scope: Scope,
  types: readonly string[],
  onlyIds?: readonly string[],
): Promise<OrgInfo[]> {
  if (types.length === 0 || (onlyIds && onlyIds.length === 0)) return [];
  const rows = await queryRows<{
    id: string;
    type: string;
    name: string;
    path: string;
    parentId: string | null;
    establishedOn: string;
    hasPartyGroups: boolean;
  }>(
    db,
    sql`select u.id, u.type, u.name, u.path, u.parent_id as "parentId",
          to_char((u.created_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as "establishedOn",
          exists (select 1 from units g where g.parent_id = u.id and g.type = 'partyGroup' and g.active) as "hasPartyGroups"
        from units u
        where u.active and u.type in ${[...types]} and ${pathCondition(scope, sql`u.path`)}
          ${onlyIds ? sql`and u.id in ${[...onlyIds]}` : sql``}
        order by u.path`,
  );
  return rows.map((r) => ({ ...r, hasPartyGroups: r.hasPartyGroups === true }));
}

/** The dates [from, to) in which meetings of one kind can count for some rule. */
export interface KindWindow {
  kind: string;
  from: string;
  to: string;
}

/**
 * Meetings that count (submitted or approved), of each window's kind held in its dates, by
 * organisations in scope. A meeting of a 党小组 also counts for its branch (the branch's 党小组会
 * requirement).
 */
export async function loadCountedMeetings(
  db: DbOrTx,
  scope: Scope,
  windows: readonly KindWindow[],
  onlyOrgIds?: readonly string[],
): Promise<CountedMeeting[]> {
  if ((onlyOrgIds && onlyOrgIds.length === 0) || windows.length === 0) return [];
  const inWindows = sql.join(
    windows.map(
      (w) => sql`(m.kind = ${w.kind} and m.held_on >= ${w.from}::date and m.held_on < ${w.to}::date)`,
    ),
    sql` or `,
  );
  const rows = await queryRows<{
    id: string;
    unitId: string;
    type: string;
    parentId: string | null;
    kind: string;
    heldOn: string;
  }>(
    db,
    sql`select m.id, m.unit_id as "unitId", u.type, u.parent_id as "parentId", m.kind,
          to_char(m.held_on, 'YYYY-MM-DD') as "heldOn"
        from meetings m join units u on u.id = m.unit_id
        where m.status in ${[...countingStatuses]}
          and (${inWindows})
          and ${pathCondition(scope, sql`u.path`)}
          ${onlyOrgIds ? sql`and (m.unit_id in ${[...onlyOrgIds]} or u.parent_id in ${[...onlyOrgIds]})` : sql``}`,
  );
  const out: CountedMeeting[] = [];
  for (const r of rows) {
    out.push({ id: r.id, orgId: r.unitId, kind: r.kind, date: r.heldOn });
    if (r.type === 'partyGroup' && r.parentId)
      out.push({ id: r.id, orgId: r.parentId, kind: r.kind, date: r.heldOn });
  }
  return out;
}

/**
 * For each kind some enabled rule requires, the dates its meetings can count in: from the start of
 * the rule's period containing `range.from` (or of the period before it, with `includePrevious`) to
 * the end of its period containing the range's last day, which is evaluated whole (a yearly rule seen
 * from Q2). A monthly rule's open items need two months of meetings, not a yearly rule's two years.
 */
export function kindWindows(
  rules: readonly ComplianceRule[],
  range: { from: string; to: string },
  includePrevious: boolean,
): KindWindow[] {
  const lastDay = addDays(range.to, -1);
  const windows = new Map<string, KindWindow>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const first = periodContaining(rule.period, range.from);
    const from = includePrevious ? previousPeriod(first).from : first.from;
    const to = periodContaining(rule.period, lastDay).to;
    const known = windows.get(rule.kind);
    if (!known) {
      windows.set(rule.kind, { kind: rule.kind, from, to });
      continue;
    }
    if (from < known.from) known.from = from;
    if (to > known.to) known.to = to;
  }
  return [...windows.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

/**
 * Everything the engine needs for a scope and a date range. With `includePrevious`, meetings of the
 * period before `range.from` are loaded too (open items look at the last ended period).
 */
export async function loadComplianceInput(
  db: DbOrTx,
  scope: Scope,
  range: { from: string; to: string },
  options: { includePrevious?: boolean; orgIds?: readonly string[] } = {},
): Promise<ComplianceInput> {
  const rules = await loadComplianceRules(db);
  const types = [...new Set(rules.flatMap((r) => r.unitTypes))];
  const orgs = await loadOrgs(db, scope, types, options.orgIds);
  const windows = kindWindows(rules, range, options.includePrevious ?? false);
  const meetings = await loadCountedMeetings(db, scope, windows, options.orgIds);
  return { rules, orgs, meetings };
}
