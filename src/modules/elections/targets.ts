// Locally configured targets on the elections figures (how a locality writes its "五个100%") and the
// module settings. A target belongs to the unit that set it and is evaluated inside that unit's subtree.
import { and, asc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/writer';
import type { Actor } from '../../platform/auth/actor';
import { auditActorOf } from '../../platform/auth/service';
import type { DbOrTx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http/context';
import { pathCondition, pathInScope, type Scope } from '../../platform/scope';
import { findUnitInScope, idsOfPath, units } from '../orgs';
import type { TargetEvaluation, TargetInput, TargetView, UpdateTargetInput } from './contract';
import { type Comparator, evaluateTarget, type TargetMetric, targetMetrics, type UnitFact } from './metrics';
import { electionTargets } from './schema';
import { type ElectionSettings, electionSettings, saveElectionSettings } from './settings';
import type { ElectionUnitType } from './vocabulary';

type TargetRow = typeof electionTargets.$inferSelect & { unitName: string; unitPath: string };

/** Targets set inside the scope or above it (a banner's target applies to its 苏木镇 too). */
function visibleCondition(scope: Scope): SQL {
  const ancestors = [...new Set(scope.paths.flatMap(idsOfPath))];
  const parts = [pathCondition(scope, units.path)];
  if (ancestors.length > 0) parts.push(inArray(units.id, ancestors));
  return or(...parts)!;
}

async function visibleTargets(db: DbOrTx, scope: Scope, onlyActive: boolean): Promise<TargetRow[]> {
  const rows = await db
    .select({ target: electionTargets, unitName: units.name, unitPath: units.path })
    .from(electionTargets)
    .innerJoin(units, eq(units.id, electionTargets.unitId))
    .where(and(visibleCondition(scope), onlyActive ? eq(electionTargets.active, true) : undefined))
    .orderBy(asc(units.depth), asc(electionTargets.sortOrder), asc(electionTargets.createdAt));
  return rows.map((r) => ({ ...r.target, unitName: r.unitName, unitPath: r.unitPath }));
}

function viewOf(row: TargetRow, actor: Actor): TargetView {
  const metric = targetMetrics[row.indicatorKey as TargetMetric];
  return {
    id: row.id,
    unitId: row.unitId,
    unitName: row.unitName,
    name: row.name,
    indicatorKey: row.indicatorKey,
    indicatorName: metric?.name ?? row.indicatorKey,
    indicatorUnit: metric?.unit ?? '',
    comparator: row.comparator as Comparator,
    threshold: row.threshold,
    unitTypes: row.unitTypes,
    note: row.note,
    active: row.active,
    editable: pathInScope(actor.scopeFor('elections.configure'), row.unitPath),
  };
}

/** The targets the actor may see, active or not, for the settings page. */
export async function listTargets(ctx: RequestContext): Promise<TargetView[]> {
  return (await visibleTargets(ctx.db, ctx.scope, false)).map((row) => viewOf(row, ctx.actor));
}

/**
 * Evaluates every active target visible in the scope against the units' facts: each target over the
 * units of its types inside both the scope and its owner's subtree, with the units that miss it.
 */
export async function evaluateTargets(
  db: DbOrTx,
  actor: Actor,
  scope: Scope,
  facts: readonly UnitFact[],
  asOf: string,
): Promise<TargetEvaluation[]> {
  const targets = await visibleTargets(db, scope, true);
  return targets
    .filter((t) => t.indicatorKey in targetMetrics)
    .map((t) => {
      const own = facts.filter((f) => f.unitPath.startsWith(t.unitPath));
      const result = evaluateTarget(
        {
          indicatorKey: t.indicatorKey as TargetMetric,
          comparator: t.comparator as Comparator,
          threshold: t.threshold,
          unitTypes: t.unitTypes as ElectionUnitType[],
        },
        own,
        asOf,
      );
      return {
        ...viewOf(t, actor),
        value: result.value,
        met: result.met,
        units: result.units,
        missing: result.missing.map((m) => ({
          unitId: m.fact.unitId,
          unitName: m.fact.unitName,
          townshipName: m.fact.townshipName,
          value: m.value,
        })),
      };
    });
}

async function findTarget(db: DbOrTx, scope: Scope, id: string): Promise<TargetRow> {
  const [row] = await db
    .select({ target: electionTargets, unitName: units.name, unitPath: units.path })
    .from(electionTargets)
    .innerJoin(units, eq(units.id, electionTargets.unitId))
    .where(and(eq(electionTargets.id, id), pathCondition(scope, units.path)));
  if (!row) throw new AppError('NOT_FOUND');
  return { ...row.target, unitName: row.unitName, unitPath: row.unitPath };
}

/** Adds a target owned by a unit where the actor may configure elections. */
export async function createTarget(ctx: RequestContext, input: TargetInput): Promise<TargetView> {
  return ctx.db.transaction(async (tx) => {
    const unit = await findUnitInScope(tx, ctx.scope, input.unitId).catch(() => {
      throw new AppError('ELECTIONS_TARGET_UNIT');
    });
    const [row] = await tx
      .insert(electionTargets)
      .values({
        unitId: unit.id,
        name: input.name,
        indicatorKey: input.indicatorKey,
        comparator: input.comparator,
        threshold: input.threshold,
        unitTypes: [...new Set(input.unitTypes)],
        note: input.note || null,
        active: input.active ?? true,
      })
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'electionTarget',
      entityId: row!.id,
      action: 'create',
      after: row,
    });
    return viewOf({ ...row!, unitName: unit.name, unitPath: unit.path }, ctx.actor);
  });
}

/** Changes a target the actor may configure. */
export async function updateTarget(
  ctx: RequestContext,
  id: string,
  input: UpdateTargetInput,
): Promise<TargetView> {
  return ctx.db.transaction(async (tx) => {
    const before = await findTarget(tx, ctx.scope, id);
    const [after] = await tx
      .update(electionTargets)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.indicatorKey !== undefined && { indicatorKey: input.indicatorKey }),
        ...(input.comparator !== undefined && { comparator: input.comparator }),
        ...(input.threshold !== undefined && { threshold: input.threshold }),
        ...(input.unitTypes !== undefined && { unitTypes: [...new Set(input.unitTypes)] }),
        ...(input.note !== undefined && { note: input.note || null }),
        ...(input.active !== undefined && { active: input.active }),
        updatedAt: new Date().toISOString(),
      })
      .where(eq(electionTargets.id, id))
      .returning();
    const { unitName: _n, unitPath: _p, ...beforeRow } = before;
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'electionTarget',
      entityId: id,
      action: 'update',
      before: beforeRow,
      after,
    });
    return viewOf({ ...after!, unitName: before.unitName, unitPath: before.unitPath }, ctx.actor);
  });
}

/** Removes a target (configuration, not a record any report counts); the audit row keeps what it was. */
export async function deleteTarget(ctx: RequestContext, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await findTarget(tx, ctx.scope, id);
    await tx.delete(electionTargets).where(eq(electionTargets.id, id));
    const { unitName: _n, unitPath: _p, ...beforeRow } = before;
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'electionTarget',
      entityId: id,
      action: 'delete',
      before: beforeRow,
    });
  });
}

/** The elections settings, readable by anyone who reads elections. */
export async function getSettings(ctx: RequestContext): Promise<ElectionSettings> {
  return electionSettings(ctx.db);
}

/** Changes the elections settings; they hold for the whole installation, so only a top-level scope may. */
export async function updateSettings(
  ctx: RequestContext,
  values: ElectionSettings,
): Promise<ElectionSettings> {
  if (!ctx.scope.paths.some((path) => idsOfPath(path).length === 1))
    throw new AppError('ELECTIONS_SETTINGS_SCOPE');
  return ctx.db.transaction(async (tx) => {
    const before = await electionSettings(tx);
    await saveElectionSettings(tx, values, ctx.actor.userId);
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'setting',
      entityId: null,
      action: 'update.elections',
      before,
      after: values,
    });
    return electionSettings(tx);
  });
}
