import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import type { Db, DbOrTx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http/context';
import { type ComputedIndicator, computeIndicators } from '../../platform/indicators/compute';
import { distinctIds, resolveEvidence } from '../../platform/indicators/evidence';
import { type Period, periodLabel, yearOf } from '../../platform/indicators/period';
import {
  type Evidence,
  evidenceCountOf,
  findIndicator,
  indicatorsByKey,
  type IndicatorDefinition,
  type IndicatorValue,
  listIndicators,
} from '../../platform/indicators/registry';
import { type Scope, scopeOf, unitCondition } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { findUnitInScope, pathNamesOf, units } from '../orgs';
import type {
  EvidenceQuery,
  EvidenceResult,
  Figure,
  FiguresQuery,
  FiguresResult,
  FreezeInput,
  FrozenFigure,
  SnapshotDetail,
  SnapshotEvidenceQuery,
  SnapshotFigureQuery,
  SnapshotListQuery,
  SnapshotView,
} from './contract';
import { moduleRank } from './moduleNames';
import { type FrozenGroup, indicatorSnapshots, indicatorSnapshotValues } from './schema';

/** Called for each indicator whose computation failed, so the route can log it. */
export type FailureLogger = (key: string, error: unknown) => void;

type ScopeUnit = { id: string; name: string; pathNames: string };

/** The scope of a computation: the chosen unit's subtree (404 outside the viewer's scope) or the whole scope. */
async function scopeOfQuery(
  { db, scope }: Pick<RequestContext, 'db' | 'scope'>,
  unitId: string | undefined,
): Promise<{ scope: Scope; unit: ScopeUnit | null }> {
  if (!unitId) return { scope, unit: null };
  const unit = await findUnitInScope(db, scope, unitId);
  const names = await pathNamesOf(db, [unit.path]);
  return {
    scope: scopeOf([unit.path]),
    unit: { id: unit.id, name: unit.name, pathNames: names.get(unit.path) ?? unit.name },
  };
}

/** The period of a query: both dates, or the current calendar year in China. */
export function periodOfQuery(query: { from?: string; to?: string }): Period {
  if (query.from && query.to) return { from: query.from, to: query.to };
  return yearOf(todayInChina());
}

/** Registered indicators in browsing order (module, then key); `keys` narrows them, unknown keys are 404. */
function definitionsFor(keys?: string): IndicatorDefinition[] {
  const wanted = keys
    ?.split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  const definitions = wanted?.length ? indicatorsByKey(wanted) : listIndicators();
  return [...definitions].sort(
    (a, b) => moduleRank(a.module) - moduleRank(b.module) || a.key.localeCompare(b.key),
  );
}

const countOf = (evidence: Evidence) => ({
  entity: evidence.entity,
  count: evidenceCountOf(evidence),
});

function figureOf(computed: ComputedIndicator): Figure {
  const { definition } = computed;
  const base = {
    key: definition.key,
    name: definition.name,
    unit: definition.unit,
    module: definition.module,
    description: definition.description ?? null,
  };
  if (!computed.ok) {
    return { ...base, value: null, failed: true, evidence: { entity: '', count: 0 }, breakdown: null };
  }
  const { result } = computed;
  return {
    ...base,
    value: result.value,
    failed: false,
    evidence: countOf(result.evidence),
    breakdown:
      result.breakdown?.map((group) => ({
        key: group.key,
        label: group.label,
        value: group.value,
        evidence: countOf(group.evidence),
      })) ?? null,
  };
}

/** Every registered indicator (or the listed ones) for one scope and period, in one go. */
export async function computeFigures(
  ctx: RequestContext,
  query: FiguresQuery,
  onFailure?: FailureLogger,
  shared?: Map<string, Promise<unknown>>,
): Promise<FiguresResult> {
  const definitions = definitionsFor(query.keys);
  const { scope, unit } = await scopeOfQuery(ctx, query.unitId);
  const period = periodOfQuery(query);
  // On screen a figure shows how many records it counted; their ids are read when it is drilled into.
  const computed = await computeIndicators({
    db: ctx.db,
    scope,
    period,
    definitions,
    evidence: 'count',
    shared,
  });
  for (const outcome of computed) if (!outcome.ok) onFailure?.(outcome.definition.key, outcome.error);
  return {
    period,
    periodLabel: periodLabel(period),
    unit,
    computedAt: new Date().toISOString(),
    items: computed.map(figureOf),
  };
}

/** The evidence of a figure, or of one of its groups (404 for a group the figure does not have). */
function evidenceOf(definition: IndicatorDefinition, value: IndicatorValue, group: string | undefined) {
  if (group === undefined) return { evidence: value.evidence, group: null };
  const found = value.breakdown?.find((candidate) => candidate.key === group);
  if (!found) throw new AppError('REPORTS_GROUP_NOT_FOUND', { params: { name: definition.name, group } });
  return { evidence: found.evidence, group: { key: found.key, label: found.label } };
}

/**
 * One page of the records a live figure counted. The figure is computed again for the scope, period and
 * group asked for — ids never come from the client — so the list is exactly what the figure counted,
 * limited to what the viewer may see.
 */
export async function figureEvidence(
  ctx: RequestContext,
  key: string,
  query: EvidenceQuery,
): Promise<EvidenceResult> {
  const definition = findIndicator(key);
  if (!definition) throw new AppError('INDICATOR_NOT_FOUND', { params: { key } });
  const { scope } = await scopeOfQuery(ctx, query.unitId);
  const value = await definition.compute({ db: ctx.db, scope, period: periodOfQuery(query) });
  const { evidence, group } = evidenceOf(definition, value, query.group);
  const resolved = await resolveEvidence({
    db: ctx.db,
    actor: ctx.actor,
    scope,
    evidence,
    page: { page: query.page, pageSize: query.pageSize },
  });
  return {
    key: definition.key,
    name: definition.name,
    group,
    ...resolved,
    hidden: resolved.resolvable ? resolved.count - resolved.total : 0,
  };
}

/** A row of the indicator table export: one figure or one of its groups. */
export interface ExportRow {
  module: string;
  name: string;
  group: string;
  value: string | number;
  unit: string;
  count: number | null;
  key: string;
}

const NO_DATA = '无数据';

/** Rows of the indicator table for the Excel export: each figure, then its groups indented below it. */
export function exportRowsOf(
  figures: Array<
    Pick<Figure, 'key' | 'name' | 'unit' | 'module' | 'value' | 'evidence' | 'breakdown'> & {
      failed?: boolean;
    }
  >,
  moduleName: (module: string) => string,
): ExportRow[] {
  return figures.flatMap((figure) => [
    {
      module: moduleName(figure.module),
      name: figure.name,
      group: '',
      value: figure.failed ? '计算失败' : (figure.value ?? NO_DATA),
      unit: figure.unit,
      count: figure.failed ? null : figure.evidence.count,
      key: figure.key,
    },
    ...(figure.breakdown ?? []).map((group) => ({
      module: moduleName(figure.module),
      name: figure.name,
      group: group.label,
      value: group.value ?? NO_DATA,
      unit: figure.unit,
      count: group.evidence.count,
      key: figure.key,
    })),
  ]);
}

type SnapshotRow = typeof indicatorSnapshots.$inferSelect;

async function snapshotViews(db: DbOrTx, rows: Array<SnapshotRow & { unitPath: string }>) {
  const names = await pathNamesOf(
    db,
    rows.map((row) => row.unitPath),
  );
  return rows.map(
    (row): SnapshotView => ({
      id: row.id,
      unitId: row.unitId,
      unitName: row.unitName,
      unitPathNames: names.get(row.unitPath) ?? row.unitName,
      period: { from: row.periodFrom, to: row.periodTo },
      periodLabel: periodLabel({ from: row.periodFrom, to: row.periodTo }),
      label: row.label,
      status: row.status,
      indicatorCount: row.indicatorCount,
      createdByName: row.createdByName,
      createdAt: row.createdAt,
    }),
  );
}

/** A snapshot whose unit lies in the scope, or 404. */
async function findSnapshot(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ snapshot: indicatorSnapshots, unitPath: units.path })
    .from(indicatorSnapshots)
    .innerJoin(units, eq(units.id, indicatorSnapshots.unitId))
    .where(and(eq(indicatorSnapshots.id, id), unitCondition(scope, indicatorSnapshots.unitId)));
  if (!row) throw new AppError('REPORTS_SNAPSHOT_NOT_FOUND');
  return { ...row.snapshot, unitPath: row.unitPath };
}

/**
 * Freezes every registered indicator for a unit's subtree and a period: values, groups and the ids of
 * the counted records, computed in one repeatable-read transaction so all figures see the same moment.
 * All or nothing: if one indicator fails, nothing is saved. Audited.
 */
export async function freezeSnapshot(ctx: RequestContext, input: FreezeInput): Promise<SnapshotView> {
  const unit = await findUnitInScope(ctx.db, ctx.scope, input.unitId);
  const period = { from: input.from, to: input.to };
  const definitions = definitionsFor();
  // Computed and written a module at a time: each figure keeps the ids of every record it counted,
  // and at league scale all of them at once held the server above a gigabyte. A module's figures
  // share what they read, so they stay together.
  const modules = new Map<string, IndicatorDefinition[]>();
  for (const definition of definitions) {
    const group = modules.get(definition.module);
    if (group) group.push(definition);
    else modules.set(definition.module, [definition]);
  }
  const id = await ctx.db.transaction(
    async (tx) => {
      const [header] = await tx
        .insert(indicatorSnapshots)
        .values({
          bannerId: unit.bannerId,
          unitId: unit.id,
          unitName: unit.name,
          periodFrom: period.from,
          periodTo: period.to,
          label: input.label || `${periodLabel(period)}指标快照`,
          indicatorCount: definitions.length,
          createdBy: ctx.actor.userId,
          createdByName: ctx.actor.displayName,
        })
        .returning();
      const frozen: Record<string, number | null> = {};
      for (const moduleDefinitions of modules.values()) {
        // One connection inside a transaction: computing one by one costs nothing in parallelism.
        const computed = await computeIndicators({
          db: tx as unknown as Db,
          scope: scopeOf([unit.path]),
          period,
          definitions: moduleDefinitions,
          concurrency: 1,
        });
        const failed = computed.find((outcome) => !outcome.ok);
        if (failed) {
          throw new AppError('REPORTS_FREEZE_FAILED', { params: { name: failed.definition.name } });
        }
        const values = computed.map((outcome) => {
          const result = (outcome as Extract<ComputedIndicator, { ok: true }>).result;
          frozen[outcome.definition.key] = result.value;
          return {
            snapshotId: header!.id,
            key: outcome.definition.key,
            name: outcome.definition.name,
            measureUnit: outcome.definition.unit,
            module: outcome.definition.module,
            value: result.value,
            evidence: { entity: result.evidence.entity, ids: distinctIds(result.evidence.ids) },
            breakdown:
              result.breakdown?.map((group) => ({
                ...group,
                evidence: { entity: group.evidence.entity, ids: distinctIds(group.evidence.ids) },
              })) ?? null,
          };
        });
        // Evidence lists can be long: modest batches keep each statement small.
        for (let i = 0; i < values.length; i += 50) {
          await tx.insert(indicatorSnapshotValues).values(values.slice(i, i + 50));
        }
      }
      await recordAudit(tx, auditActorOf(ctx.actor), {
        entity: 'indicatorSnapshot',
        entityId: header!.id,
        action: 'freeze',
        after: {
          unitId: unit.id,
          unitName: unit.name,
          period,
          label: header!.label,
          values: frozen,
        },
      });
      return header!.id;
    },
    { isolationLevel: 'repeatable read' },
  );
  const [view] = await snapshotViews(ctx.db, [await findSnapshot(ctx.db, ctx.scope, id)]);
  return view!;
}

/** Snapshots of units in the scope (optionally of one unit's subtree), newest first. */
export async function listSnapshots(ctx: RequestContext, query: SnapshotListQuery) {
  const conditions = [unitCondition(ctx.scope, indicatorSnapshots.unitId)];
  if (query.unitId) {
    const unit = await findUnitInScope(ctx.db, ctx.scope, query.unitId);
    conditions.push(unitCondition(scopeOf([unit.path]), indicatorSnapshots.unitId));
  }
  const where = and(...conditions);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(indicatorSnapshots)
    .where(where);
  const rows = await ctx.db
    .select({ snapshot: indicatorSnapshots, unitPath: units.path })
    .from(indicatorSnapshots)
    .innerJoin(units, eq(units.id, indicatorSnapshots.unitId))
    .where(where)
    .orderBy(desc(indicatorSnapshots.createdAt), asc(indicatorSnapshots.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return {
    items: await snapshotViews(
      ctx.db,
      rows.map((row) => ({ ...row.snapshot, unitPath: row.unitPath })),
    ),
    total: Number(total),
    page: query.page,
    pageSize: query.pageSize,
  };
}

interface FrozenRow {
  key: string;
  name: string;
  measureUnit: string;
  module: string;
  value: number | null;
  entity: string;
  count: number;
  /** The first groups (all of them unless the read asked for fewer), without their ids. */
  groups: FrozenGroup[] | null;
  /** How many groups the figure has in all. */
  groupCount: number | null;
}

/**
 * How many groups of each figure a snapshot read carries. A figure by grid has one group per grid
 * (4,855 in a league): sending them all made the read a megabyte. The rest come per figure
 * (`snapshotFigure`), when the viewer asks for them.
 */
export const SNAPSHOT_GROUPS_SHOWN = 50;

/**
 * The frozen figures of a snapshot (or one of them) with evidence counts, without loading the evidence
 * ids themselves; with `groupsShown`, only that many groups of each.
 */
async function frozenRows(
  db: DbOrTx,
  snapshotId: string,
  options: { groupsShown?: number; key?: string } = {},
): Promise<FrozenRow[]> {
  const { groupsShown, key } = options;
  const rows = await db
    .select({
      key: indicatorSnapshotValues.key,
      name: indicatorSnapshotValues.name,
      measureUnit: indicatorSnapshotValues.measureUnit,
      module: indicatorSnapshotValues.module,
      value: indicatorSnapshotValues.value,
      entity: indicatorSnapshotValues.evidenceEntity,
      count: indicatorSnapshotValues.evidenceCount,
      groups:
        groupsShown === undefined
          ? indicatorSnapshotValues.groups
          : sql<
              FrozenGroup[] | null
            >`jsonb_path_query_array(${indicatorSnapshotValues.groups}, ${`lax $[0 to ${groupsShown - 1}]`}::jsonpath)`,
      groupCount: sql<number | null>`jsonb_array_length(${indicatorSnapshotValues.groups})`,
    })
    .from(indicatorSnapshotValues)
    .where(
      and(
        eq(indicatorSnapshotValues.snapshotId, snapshotId),
        key === undefined ? undefined : eq(indicatorSnapshotValues.key, key),
      ),
    );
  return rows
    .map((row) => ({
      ...row,
      entity: row.entity ?? '',
      count: row.count ?? 0,
      groupCount: row.groupCount === null ? null : Number(row.groupCount),
    }))
    .sort((a, b) => moduleRank(a.module) - moduleRank(b.module) || a.key.localeCompare(b.key));
}

/**
 * Frozen figures as the snapshot page shows them, each beside its live value now when `live` holds the
 * outcomes of computing them again (absent: not asked for).
 */
function frozenFigures(rows: FrozenRow[], live?: ComputedIndicator[]): FrozenFigure[] {
  const liveByKey = live && new Map(live.map((outcome) => [outcome.definition.key, outcome]));
  return rows.map((row): FrozenFigure => {
    const groups =
      row.groups?.map((group) => ({
        key: String(group.key),
        label: String(group.label),
        value: group.value === null ? null : Number(group.value),
        evidence: { entity: String(group.entity), count: Number(group.count) },
      })) ?? null;
    const figure = {
      key: row.key,
      name: row.name,
      unit: row.measureUnit,
      module: row.module,
      description: findIndicator(row.key)?.description ?? null,
      value: row.value,
      evidence: { entity: row.entity, count: row.count },
      groupCount: row.groupCount,
    };
    if (!liveByKey) return { ...figure, breakdown: groups };
    const outcome = liveByKey.get(row.key);
    const liveResult = outcome?.ok ? outcome.result : null;
    const liveFigure = !outcome
      ? null
      : liveResult
        ? { value: liveResult.value, count: evidenceCountOf(liveResult.evidence), failed: false }
        : { value: null, count: 0, failed: true };
    return {
      ...figure,
      live: liveFigure,
      breakdown:
        groups?.map((group) => {
          const liveGroup = liveResult?.breakdown?.find((candidate) => String(candidate.key) === group.key);
          return {
            ...group,
            live: !outcome
              ? null
              : liveGroup
                ? { value: liveGroup.value, count: evidenceCountOf(liveGroup.evidence), failed: false }
                : { value: null, count: 0, failed: !liveResult },
          };
        }) ?? null,
    };
  });
}

/** The registered indicators of frozen figures computed again now, for the snapshot's unit and period. */
async function liveOutcomes(
  ctx: RequestContext,
  snapshot: { unitPath: string; periodFrom: string; periodTo: string },
  rows: FrozenRow[],
  onFailure?: FailureLogger,
): Promise<ComputedIndicator[]> {
  const live = await computeIndicators({
    db: ctx.db,
    scope: scopeOf([snapshot.unitPath]),
    period: { from: snapshot.periodFrom, to: snapshot.periodTo },
    definitions: rows.flatMap((row) => findIndicator(row.key) ?? []),
    evidence: 'count',
  });
  for (const outcome of live) if (!outcome.ok) onFailure?.(outcome.definition.key, outcome.error);
  return live;
}

/**
 * A snapshot with its frozen figures (the first SNAPSHOT_GROUPS_SHOWN groups of each), each beside
 * the live value computed now for the same unit and period when asked for, so the browser can say
 * "frozen at …, live value now …" where they differ.
 */
export async function getSnapshot(
  ctx: RequestContext,
  id: string,
  options: { live?: boolean; onFailure?: FailureLogger } = {},
): Promise<SnapshotDetail> {
  const snapshot = await findSnapshot(ctx.db, ctx.scope, id);
  const [view] = await snapshotViews(ctx.db, [snapshot]);
  const rows = await frozenRows(ctx.db, id, { groupsShown: SNAPSHOT_GROUPS_SHOWN });
  // Reading what was frozen is a plain read; recomputing every figure live costs as much as the
  // dashboard, so it is done only when asked for (the page asks after showing the frozen figures).
  if (!options.live) return { ...view!, liveComputedAt: null, values: frozenFigures(rows) };
  const live = await liveOutcomes(ctx, snapshot, rows, options.onFailure);
  return { ...view!, liveComputedAt: new Date().toISOString(), values: frozenFigures(rows, live) };
}

/** One frozen figure of a snapshot with all its groups (and its live value now, when asked for). */
export async function snapshotFigure(
  ctx: RequestContext,
  id: string,
  query: SnapshotFigureQuery,
  onFailure?: FailureLogger,
): Promise<FrozenFigure> {
  const snapshot = await findSnapshot(ctx.db, ctx.scope, id);
  const rows = await frozenRows(ctx.db, id, { key: query.key });
  if (rows.length === 0)
    throw new AppError('REPORTS_SNAPSHOT_VALUE_NOT_FOUND', { params: { key: query.key } });
  const live = query.live ? await liveOutcomes(ctx, snapshot, rows, onFailure) : undefined;
  return frozenFigures(rows, live)[0]!;
}

/** One page of the records a frozen figure counted, as they are now and as far as the viewer may see them. */
export async function snapshotEvidence(
  ctx: RequestContext,
  id: string,
  query: SnapshotEvidenceQuery,
): Promise<EvidenceResult> {
  await findSnapshot(ctx.db, ctx.scope, id);
  const [row] = await ctx.db
    .select()
    .from(indicatorSnapshotValues)
    .where(and(eq(indicatorSnapshotValues.snapshotId, id), eq(indicatorSnapshotValues.key, query.key)));
  if (!row) throw new AppError('REPORTS_SNAPSHOT_VALUE_NOT_FOUND', { params: { key: query.key } });
  let evidence = row.evidence;
  let group: EvidenceResult['group'] = null;
  if (query.group !== undefined) {
    const found = row.breakdown?.find((candidate) => candidate.key === query.group);
    if (!found) {
      throw new AppError('REPORTS_GROUP_NOT_FOUND', { params: { name: row.name, group: query.group } });
    }
    evidence = found.evidence;
    group = { key: found.key, label: found.label };
  }
  const resolved = await resolveEvidence({
    db: ctx.db,
    actor: ctx.actor,
    scope: ctx.scope,
    evidence,
    page: { page: query.page, pageSize: query.pageSize },
  });
  return {
    key: row.key,
    name: row.name,
    group,
    ...resolved,
    hidden: resolved.resolvable ? resolved.count - resolved.total : 0,
  };
}

/** The frozen figures of a snapshot for its Excel export. */
export async function snapshotForExport(ctx: RequestContext, id: string) {
  const snapshot = await findSnapshot(ctx.db, ctx.scope, id);
  return { snapshot, figures: frozenFigures(await frozenRows(ctx.db, id)) };
}
