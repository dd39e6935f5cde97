// The leaders' dashboard (领导驾驶舱): every number comes from registered indicators. Trends evaluate
// indicators over consecutive periods, the comparison evaluates them for each direct child unit of the
// scope, and the "needs attention now" lists are the first records of indicators' evidence.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { RequestContext } from '../../platform/http/context';
import { INDICATOR_CONCURRENCY, mapWithConcurrency } from '../../platform/indicators/compute';
import { resolveEvidence } from '../../platform/indicators/evidence';
import { type Period, periodLabel } from '../../platform/indicators/period';
import {
  computeIndicator,
  type EvidenceMode,
  findIndicator,
  type IndicatorDefinition,
  indicatorsByKey,
  type IndicatorValue,
} from '../../platform/indicators/registry';
import { pathCondition, type Scope, scopeOf } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { findUnitInScope, pathNamesOf, unitTypes, units } from '../orgs';
import {
  type AttentionQuery,
  type AttentionResult,
  type BoardQuery,
  type BoardResult,
  type CompareQuery,
  type CompareResult,
  parseSeriesSpecs,
  type SeriesQuery,
  type SeriesResult,
  type SeriesView,
} from './dashboardContract';
import { periodsEndingAt } from './dashboardPeriods';
import { computeFigures, type FailureLogger, periodOfQuery } from './service';

type ScopeUnit = { id: string; name: string; pathNames: string };

/** The chosen unit's subtree (404 outside the viewer's scope), or the viewer's whole scope. */
async function scopeOfUnit(
  { db, scope }: Pick<RequestContext, 'db' | 'scope'>,
  unitId: string | undefined,
): Promise<{ scope: Scope; unit: ScopeUnit | null; path: string | null }> {
  if (!unitId) return { scope, unit: null, path: null };
  const unit = await findUnitInScope(db, scope, unitId);
  const names = await pathNamesOf(db, [unit.path]);
  return {
    scope: scopeOf([unit.path]),
    unit: { id: unit.id, name: unit.name, pathNames: names.get(unit.path) ?? unit.name },
    path: unit.path,
  };
}

type Outcome = { ok: true; value: IndicatorValue } | { ok: false };

/**
 * Computes (definition, scope, period) tasks with bounded concurrency, as one batch (rows several
 * tasks read are read once); a failure is logged, not thrown. `evidence` as in IndicatorInput: the
 * charts need only counts.
 */
async function computeAll(
  db: Db,
  tasks: ReadonlyArray<{
    definition: IndicatorDefinition;
    scope: Scope;
    period: Period;
    within?: Scope;
    siblings?: readonly Period[];
  }>,
  evidence: EvidenceMode,
  onFailure?: FailureLogger,
  shared = new Map<string, Promise<unknown>>(),
): Promise<Outcome[]> {
  return mapWithConcurrency(tasks, INDICATOR_CONCURRENCY, async ({ definition, scope, period, ...hints }) => {
    try {
      return {
        ok: true as const,
        value: await computeIndicator(definition, { db, scope, period, evidence, shared, ...hints }),
      };
    } catch (error) {
      onFailure?.(definition.key, error);
      return { ok: false as const };
    }
  });
}

/**
 * Indicators over consecutive periods (12 months, 5 years …) ending with the period that contains
 * `end` (default today), all series in one request. Each value is the registered computation of
 * that indicator for that period, exactly as computing it alone.
 */
export async function computeSeries(
  ctx: RequestContext,
  query: SeriesQuery,
  onFailure?: FailureLogger,
): Promise<SeriesResult> {
  const specs = parseSeriesSpecs(query.series) ?? [];
  const definitions = indicatorsByKey(specs.map((spec) => spec.key));
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const { scope, unit } = await scopeOfUnit(ctx, query.unitId);
  const end = query.end ?? todayInChina();
  const plans = specs.map((spec) => ({
    spec,
    definition: byKey.get(spec.key)!,
    periods: periodsEndingAt(end, spec.step, spec.count),
  }));
  const tasks = plans.flatMap((plan) =>
    plan.periods.map((period) => ({ definition: plan.definition, scope, period, siblings: plan.periods })),
  );
  const outcomes = await computeAll(ctx.db, tasks, 'count', onFailure);
  let offset = 0;
  const series = plans.map((plan): SeriesView => {
    const own = outcomes.slice(offset, offset + plan.periods.length);
    offset += plan.periods.length;
    // Groups in the order they first appear, so a group missing in one period is null there.
    const groups = new Map<string, string>();
    for (const outcome of own) {
      if (outcome.ok) for (const group of outcome.value.breakdown ?? []) groups.set(group.key, group.label);
    }
    return {
      key: plan.definition.key,
      name: plan.definition.name,
      unit: plan.definition.unit,
      step: plan.spec.step,
      periods: plan.periods.map((period) => ({ ...period, label: periodLabel(period) })),
      values: own.map((outcome) => (outcome.ok ? outcome.value.value : null)),
      failed: own.map((outcome) => !outcome.ok),
      groups: [...groups].map(([key, label]) => ({
        key,
        label,
        values: own.map((outcome) =>
          outcome.ok ? (outcome.value.breakdown?.find((group) => group.key === key)?.value ?? null) : null,
        ),
      })),
    };
  });
  return { unit, computedAt: new Date().toISOString(), series };
}

const areaTypes = new Set(unitTypes.filter((type) => type.category === 'area').map((type) => type.key));

/**
 * The columns of a comparison: the active area units (苏木镇 under a 旗, 嘎查 and 社区 under a 苏木)
 * directly under the chosen unit, or under the viewer's single scope root; with several scope roots,
 * the roots themselves. Only units inside the viewer's scope.
 */
async function comparisonColumns(ctx: RequestContext, unitPath: string | null) {
  const { db, scope } = ctx;
  const columns = { id: units.id, name: units.name, type: units.type, path: units.path };
  let parentPath = unitPath;
  if (!parentPath) {
    if (scope.paths.length === 0) return { columns: [], parentPath: null };
    if (scope.paths.length > 1 || scope.paths[0] === '/') {
      const roots = await db
        .select(columns)
        .from(units)
        .where(scope.paths[0] === '/' ? isNull(units.parentId) : inArray(units.path, [...scope.paths]))
        .orderBy(asc(units.sortOrder), asc(units.name));
      if (roots.length !== 1) return { columns: roots, parentPath: null };
      parentPath = roots[0]!.path;
    } else {
      parentPath = scope.paths[0]!;
    }
  }
  const parentId = parentPath.split('/').filter(Boolean).at(-1)!;
  const children = await db
    .select(columns)
    .from(units)
    .where(and(eq(units.parentId, parentId), eq(units.active, true), pathCondition(scope, units.path)))
    .orderBy(asc(units.sortOrder), asc(units.name));
  return { columns: children.filter((child) => areaTypes.has(child.type)), parentPath };
}

/** The chosen indicators for each direct child area unit of the scope, in one request. */
export async function computeComparison(
  ctx: RequestContext,
  query: CompareQuery,
  onFailure?: FailureLogger,
  shared?: Map<string, Promise<unknown>>,
): Promise<CompareResult> {
  const definitions = indicatorsByKey(
    query.keys
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean),
  );
  const { unit, path } = await scopeOfUnit(ctx, query.unitId);
  const period = periodOfQuery(query);
  const { columns, parentPath } = await comparisonColumns(ctx, path);
  let parent = unit;
  if (!parent && parentPath) {
    const id = parentPath.split('/').filter(Boolean).at(-1)!;
    const found = await findUnitInScope(ctx.db, ctx.scope, id);
    parent = {
      id: found.id,
      name: found.name,
      pathNames: (await pathNamesOf(ctx.db, [found.path])).get(found.path) ?? found.name,
    };
  }
  // The columns are parts of their parent (or, for several scope roots, of the viewer's scope): an
  // indicator may compute the whole once and split it.
  const within = parentPath ? scopeOf([parentPath]) : ctx.scope;
  const tasks = definitions.flatMap((definition) =>
    columns.map((column) => ({ definition, scope: scopeOf([column.path]), period, within })),
  );
  const outcomes = await computeAll(ctx.db, tasks, 'count', onFailure, shared);
  return {
    unit: parent,
    period,
    periodLabel: periodLabel(period),
    columns: columns.map(({ id, name, type }) => ({ id, name, type })),
    items: definitions.map((definition, index) => {
      const own = outcomes.slice(index * columns.length, (index + 1) * columns.length);
      return {
        key: definition.key,
        name: definition.name,
        unit: definition.unit,
        values: own.map((outcome) => (outcome.ok ? outcome.value.value : null)),
        failed: own.map((outcome) => !outcome.ok),
      };
    }),
  };
}

/**
 * The indicators whose evidence the "needs attention now" lists show, in order: branches with overdue
 * organisational life, committees whose term has ended or is ending, probationary members due for
 * conversion, grid events past their deadline. Those of modules not present are left out.
 */
export const attentionKeys = [
  'meetings.overdueOpen',
  'elections.terms.due',
  'members.conversionDueThisQuarter',
  'grid.event.overdueNow',
] as const;

/** The first records of each attention indicator's evidence, as far as the viewer may see them. */
export async function computeAttention(
  ctx: RequestContext,
  query: AttentionQuery,
  onFailure?: FailureLogger,
  shared?: Map<string, Promise<unknown>>,
): Promise<AttentionResult> {
  const { scope, unit } = await scopeOfUnit(ctx, query.unitId);
  const period = periodOfQuery(query);
  const definitions = attentionKeys.flatMap((key) => findIndicator(key) ?? []);
  const outcomes = await computeAll(
    ctx.db,
    definitions.map((definition) => ({ definition, scope, period })),
    'ids',
    onFailure,
    shared,
  );
  const lists = await mapWithConcurrency(definitions, INDICATOR_CONCURRENCY, async (definition, index) => {
    const outcome = outcomes[index]!;
    const base = { key: definition.key, name: definition.name, unit: definition.unit };
    if (!outcome.ok) {
      return {
        ...base,
        value: null,
        entity: '',
        entityName: '',
        resolvable: false,
        count: 0,
        total: 0,
        hidden: 0,
        items: [],
      };
    }
    const { value } = outcome;
    const resolved = await resolveEvidence({
      db: ctx.db,
      actor: ctx.actor,
      scope,
      evidence: value.evidence,
      page: { page: 1, pageSize: query.limit },
    });
    const tagOf = (id: string) => {
      const labels = (value.breakdown ?? [])
        .filter((group) => group.evidence.ids.includes(id))
        .map((group) => group.label);
      return labels.length ? labels.join('、') : undefined;
    };
    return {
      ...base,
      value: value.value,
      entity: resolved.entity,
      entityName: resolved.entityName,
      resolvable: resolved.resolvable,
      count: resolved.count,
      total: resolved.total,
      hidden: resolved.resolvable ? resolved.count - resolved.total : 0,
      items: resolved.items.map((item) => ({ ...item, tag: tagOf(item.id) })),
    };
  });
  return { unit, period, lists };
}

/**
 * The dashboard's key figures, comparison and attention lists in one request, as one batch: what they
 * read in common (a year's compliance, the committees in office, the members' tallies, the centres'
 * standing) is read once instead of once for each. Each part is what its own request gives.
 */
export async function computeBoard(
  ctx: RequestContext,
  query: BoardQuery,
  onFailure?: FailureLogger,
): Promise<BoardResult> {
  const shared = new Map<string, Promise<unknown>>();
  const { unitId, from, to } = query;
  const [figures, compare, attention] = await Promise.all([
    computeFigures(ctx, { unitId, from, to, keys: query.keys }, onFailure, shared),
    computeComparison(ctx, { unitId, from, to, keys: query.compare }, onFailure, shared),
    computeAttention(ctx, { unitId, from, to, limit: query.limit }, onFailure, shared),
  ]);
  return { figures, compare, attention };
}
