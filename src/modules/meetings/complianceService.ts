// Compliance use cases for the screens: the matrix, open warnings, one organisation's standing.
import type { RequestContext } from '../../platform/http/context';
import { type Scope, scopeOf } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { findUnitInScope, pathNamesOf, unitTypeName } from '../orgs';
import {
  type ComplianceStatus,
  currentPeriodWord,
  type Evaluation,
  evaluate,
  evaluateRange,
  openItems,
  periodContaining,
  periodLabel,
  previousPeriod,
  ruleApplies,
  warningText,
  worstStatus,
} from './compliance';
import { loadComplianceInput, type OrgInfo } from './complianceData';
import type { MatrixQuery, OpenItemView } from './contract';
import { meetingKindName, meetingKindSpecs } from './kinds';
import { findPartyOrg } from './service';

async function scopeFor(ctx: RequestContext, unitId: string | undefined): Promise<Scope> {
  if (!unitId) return ctx.scope;
  return scopeOf([(await findUnitInScope(ctx.db, ctx.scope, unitId)).path]);
}

/** The date range of a year or one of its quarters. */
export function rangeOf(year: number, quarter?: number): { from: string; to: string } {
  if (!quarter) return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
  const month = (quarter - 1) * 3 + 1;
  const from = `${year}-${String(month).padStart(2, '0')}-01`;
  return { from, to: periodContaining('quarter', from).to };
}

function itemText(e: Evaluation): string {
  if (e.status === 'met') {
    const spec = meetingKindSpecs[e.kind];
    return `${currentPeriodWord(e.period.kind)}已${spec.verb}${spec.name} ${e.held} 次`;
  }
  if (e.status === 'notRequired') return `${periodLabel(e.period)}不作要求（组织成立时间较晚）`;
  return warningText(e);
}

function toOpenItem(e: Evaluation, org: OrgInfo, pathNames: string): OpenItemView {
  return {
    unitId: org.id,
    unitName: org.name,
    pathNames,
    ruleId: e.ruleId,
    kind: e.kind,
    kindName: meetingKindName(e.kind),
    periodFrom: e.period.from,
    periodTo: e.period.to,
    periodLabel: periodLabel(e.period),
    required: e.required,
    held: e.held,
    status: e.status,
    daysLeft: e.daysLeft,
    text: itemText(e),
  };
}

/**
 * Organisations × activities for a year or a quarter: per cell the required and held counts summed
 * over the rule's periods that have started, and the worst status among them.
 */
export async function complianceMatrix(ctx: RequestContext, query: MatrixQuery) {
  const today = todayInChina();
  const range = rangeOf(query.year, query.quarter);
  const scope = await scopeFor(ctx, query.unitId);
  const input = await loadComplianceInput(ctx.db, scope, range);
  const q = query.q?.toLowerCase();
  const orgs = input.orgs.filter(
    (o) => input.rules.some((r) => ruleApplies(r, o)) && (!q || o.name.toLowerCase().includes(q)),
  );
  const evaluations = evaluateRange(input.rules, orgs, input.meetings, range, today);
  const byOrg = new Map<string, Evaluation[]>();
  for (const e of evaluations) {
    const list = byOrg.get(e.orgId);
    if (list) list.push(e);
    else byOrg.set(e.orgId, [e]);
  }
  let rows = orgs.map((org) => {
    const own = byOrg.get(org.id) ?? [];
    return {
      org,
      cells: input.rules.map((rule) => {
        const cell = own.filter((e) => e.ruleId === rule.id);
        return {
          ruleId: rule.id,
          required: cell.reduce((sum, e) => sum + e.required, 0),
          held: cell.reduce((sum, e) => sum + e.held, 0),
          status: worstStatus(cell.map((e) => e.status)),
          periods: cell.length,
        };
      }),
    };
  });
  if (query.onlyProblems)
    rows = rows.filter((r) => r.cells.some((c) => c.status === 'overdue' || c.status === 'warning'));
  const page = rows.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  const names = await pathNamesOf(
    ctx.db,
    page.map((r) => r.org.path),
  );
  return {
    period: { ...range, label: query.quarter ? `${query.year}年第${query.quarter}季度` : `${query.year}年` },
    today,
    rules: input.rules.map((r) => ({
      id: r.id,
      kind: r.kind,
      kindName: meetingKindName(r.kind),
      period: r.period,
      requiredCount: r.requiredCount,
    })),
    items: page.map((r) => ({
      unitId: r.org.id,
      name: r.org.name,
      pathNames: names.get(r.org.path) ?? r.org.name,
      type: r.org.type,
      typeName: unitTypeName(r.org.type),
      cells: r.cells,
    })),
    total: rows.length,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Open items in scope on `today`: warnings of running periods and overdue last periods. */
export async function openItemsInScope(ctx: { db: RequestContext['db'] }, scope: Scope, today: string) {
  const input = await loadComplianceInput(
    ctx.db,
    scope,
    { from: today, to: periodContaining('year', today).to },
    { includePrevious: true },
  );
  return { items: openItems(input.rules, input.orgs, input.meetings, today), orgs: input.orgs };
}

const statusOrder: Record<ComplianceStatus, number> = {
  overdue: 0,
  warning: 1,
  pending: 2,
  met: 3,
  notRequired: 4,
  notStarted: 5,
};

/** The department overview's list of open warnings and overdue items, most urgent first. */
export async function listOpenItems(
  ctx: RequestContext,
  query: { unitId?: string; status?: 'warning' | 'overdue'; kind?: string; page: number; pageSize: number },
) {
  const today = todayInChina();
  const scope = await scopeFor(ctx, query.unitId);
  const { items, orgs } = await openItemsInScope(ctx, scope, today);
  const filtered = items
    .filter((i) => (!query.status || i.status === query.status) && (!query.kind || i.kind === query.kind))
    .sort(
      (a, b) =>
        statusOrder[a.status] - statusOrder[b.status] ||
        a.daysLeft - b.daysLeft ||
        a.orgId.localeCompare(b.orgId),
    );
  const page = filtered.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const names = await pathNamesOf(
    ctx.db,
    page.map((i) => orgById.get(i.orgId)!.path),
  );
  return {
    items: page.map((i) => {
      const org = orgById.get(i.orgId)!;
      return toOpenItem(i, org, names.get(org.path) ?? org.name);
    }),
    total: filtered.length,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * Where one organisation stands today: for each rule that binds it, the running period (met, pending,
 * warning or not required) and, when unmet, the period that just ended (overdue).
 */
export async function unitCompliance(ctx: RequestContext, unitId: string) {
  const today = todayInChina();
  const org = await findPartyOrg(ctx.db, ctx.scope, unitId);
  const input = await loadComplianceInput(
    ctx.db,
    scopeOf([org.path]),
    { from: today, to: periodContaining('year', today).to },
    { includePrevious: true, orgIds: [org.id] },
  );
  const info = input.orgs.find((o) => o.id === org.id);
  const items: OpenItemView[] = [];
  if (info) {
    const names = await pathNamesOf(ctx.db, [info.path]);
    const pathNames = names.get(info.path) ?? info.name;
    for (const rule of input.rules) {
      if (!ruleApplies(rule, info)) continue;
      const current = periodContaining(rule.period, today);
      const ended = evaluate(rule, info, previousPeriod(current), input.meetings, today);
      if (ended.status === 'overdue') items.push(toOpenItem(ended, info, pathNames));
      items.push(toOpenItem(evaluate(rule, info, current, input.meetings, today), info, pathNames));
    }
  }
  items.sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || a.daysLeft - b.daysLeft);
  return { unitId: org.id, name: org.name, today, items };
}
