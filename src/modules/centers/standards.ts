// Standard checklists (五个三, 两站五室一广场 …) and the item-by-item assessments of centres.
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import type { DbOrTx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { describeFiles, requireFiles } from '../../platform/files';
import type { RequestContext } from '../../platform/http/context';
import { escapeLike, pathInScope, type Scope } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { findUnitInScope, units } from '../orgs';
import type {
  AssessmentResult,
  AssessmentView,
  CreateAssessmentInput,
  CreateStandardInput,
  StandardView,
  UpdateStandardInput,
} from './contract';
import { centerAssessmentResults, centerAssessments, centerStandardItems, centerStandards } from './schema';
import { type CenterWithUnit, findCenterInScope } from './service';
import { progressOfCentres } from './standing';

type StandardRow = typeof centerStandards.$inferSelect & { unitName: string; unitPath: string };

/** Standards owned by a unit inside the scope or above it (a banner's standard reaches a gacha clerk). */
function visibleCondition(scope: Scope): SQL {
  if (scope.paths.length === 0) return sql`false`;
  const parts = scope.paths.map(
    (root) => sql`(${units.path} like ${`${escapeLike(root)}%`} or ${root} like ${units.path} || '%')`,
  );
  return sql`(${sql.join(parts, sql` or `)})`;
}

async function itemsOf(db: DbOrTx, standardIds: string[]) {
  if (standardIds.length === 0) return new Map<string, StandardView['items']>();
  const rows = await db
    .select()
    .from(centerStandardItems)
    .where(and(inArray(centerStandardItems.standardId, standardIds), eq(centerStandardItems.active, true)))
    .orderBy(asc(centerStandardItems.sortOrder), asc(centerStandardItems.createdAt));
  const byStandard = new Map<string, StandardView['items']>();
  for (const row of rows) {
    const list = byStandard.get(row.standardId) ?? [];
    list.push({
      id: row.id,
      title: row.title,
      description: row.description,
      evidenceKind: row.evidenceKind as StandardView['items'][number]['evidenceKind'],
      sortOrder: row.sortOrder,
    });
    byStandard.set(row.standardId, list);
  }
  return byStandard;
}

async function presentStandards(
  db: DbOrTx,
  actor: RequestContext['actor'],
  rows: StandardRow[],
): Promise<StandardView[]> {
  const items = await itemsOf(
    db,
    rows.map((r) => r.id),
  );
  const configure = actor.scopeFor('centers.configure');
  return rows.map((row) => ({
    id: row.id,
    unitId: row.unitId,
    unitName: row.unitName,
    name: row.name,
    description: row.description,
    unitTypes: row.unitTypes,
    active: row.active,
    items: items.get(row.id) ?? [],
    editable: pathInScope(configure, row.unitPath),
  }));
}

const standardWithUnit = { standard: centerStandards, unitName: units.name, unitPath: units.path };

/** The standards that reach the actor's scope (owned inside it or by a unit above it). */
export async function listStandards(ctx: RequestContext): Promise<StandardView[]> {
  const rows = await ctx.db
    .select(standardWithUnit)
    .from(centerStandards)
    .innerJoin(units, eq(units.id, centerStandards.unitId))
    .where(visibleCondition(ctx.scope))
    .orderBy(asc(units.depth), desc(centerStandards.active), asc(centerStandards.name));
  return presentStandards(
    ctx.db,
    ctx.actor,
    rows.map((r) => ({ ...r.standard, unitName: r.unitName, unitPath: r.unitPath })),
  );
}

async function findStandardInScope(db: DbOrTx, scope: Scope, id: string): Promise<StandardRow> {
  const [row] = await db
    .select(standardWithUnit)
    .from(centerStandards)
    .innerJoin(units, eq(units.id, centerStandards.unitId))
    .where(eq(centerStandards.id, id));
  if (!row || !pathInScope(scope, row.unitPath)) throw new AppError('CENTERS_STANDARD_NOT_FOUND');
  return { ...row.standard, unitName: row.unitName, unitPath: row.unitPath };
}

function itemValues(standardId: string, items: CreateStandardInput['items']) {
  return items.map((item, index) => ({
    standardId,
    title: item.title,
    description: item.description,
    evidenceKind: item.evidenceKind,
    sortOrder: index,
  }));
}

/** Creates a standard checklist owned by a unit in the configure scope. */
export async function createStandard(ctx: RequestContext, input: CreateStandardInput): Promise<StandardView> {
  return ctx.db.transaction(async (tx) => {
    const owner = await findUnitInScope(tx, ctx.scope, input.unitId);
    const [row] = await tx
      .insert(centerStandards)
      .values({
        unitId: owner.id,
        name: input.name,
        description: input.description,
        unitTypes: [...new Set(input.unitTypes)],
      })
      .returning();
    const items = await tx.insert(centerStandardItems).values(itemValues(row!.id, input.items)).returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'centerStandard',
      entityId: row!.id,
      action: 'create',
      after: { ...row, items },
    });
    const [view] = await presentStandards(tx, ctx.actor, [
      { ...row!, unitName: owner.name, unitPath: owner.path },
    ]);
    return view!;
  });
}

/**
 * Replaces a standard's name, types and item list: items sent with their id are edited, new ones are
 * added, and items left out are retired (kept for the assessments that refer to them).
 */
export async function updateStandard(
  ctx: RequestContext,
  id: string,
  input: UpdateStandardInput,
): Promise<StandardView> {
  return ctx.db.transaction(async (tx) => {
    const before = await findStandardInScope(tx, ctx.scope, id);
    const existing = await tx
      .select()
      .from(centerStandardItems)
      .where(eq(centerStandardItems.standardId, id));
    const known = new Set(existing.map((item) => item.id));
    const kept = new Set<string>();
    for (const item of input.items) {
      if (!item.id) continue;
      if (!known.has(item.id) || kept.has(item.id)) throw new AppError('CENTERS_STANDARD_ITEM_UNKNOWN');
      kept.add(item.id);
    }
    const now = new Date().toISOString();
    const [after] = await tx
      .update(centerStandards)
      .set({
        name: input.name,
        description: input.description,
        unitTypes: [...new Set(input.unitTypes)],
        active: input.active,
        updatedAt: now,
      })
      .where(eq(centerStandards.id, id))
      .returning();
    const retired = existing.filter((item) => item.active && !kept.has(item.id)).map((item) => item.id);
    if (retired.length > 0) {
      await tx
        .update(centerStandardItems)
        .set({ active: false, updatedAt: now })
        .where(inArray(centerStandardItems.id, retired));
    }
    const added = [];
    for (const [index, item] of input.items.entries()) {
      const values = {
        title: item.title,
        description: item.description,
        evidenceKind: item.evidenceKind,
        sortOrder: index,
      };
      if (item.id) {
        await tx
          .update(centerStandardItems)
          .set({ ...values, active: true, updatedAt: now })
          .where(eq(centerStandardItems.id, item.id));
      } else {
        added.push({ ...values, standardId: id });
      }
    }
    if (added.length > 0) await tx.insert(centerStandardItems).values(added);
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'centerStandard',
      entityId: id,
      action: 'update',
      before: { ...before, items: existing.filter((item) => item.active) },
      after: { ...after, items: input.items, retired },
    });
    const [view] = await presentStandards(tx, ctx.actor, [
      { ...after!, unitName: before.unitName, unitPath: before.unitPath },
    ]);
    return view!;
  });
}

/** Active standards that apply to a centre: owned by its unit or one above, listing its unit type. */
async function applicableStandards(db: DbOrTx, centre: CenterWithUnit): Promise<StandardRow[]> {
  const rows = await db
    .select(standardWithUnit)
    .from(centerStandards)
    .innerJoin(units, eq(units.id, centerStandards.unitId))
    .where(
      and(
        eq(centerStandards.active, true),
        sql`${centre.unitPath} like ${units.path} || '%'`,
        sql`${centerStandards.unitTypes} @> jsonb_build_array(${centre.unitType}::text)`,
      ),
    )
    .orderBy(asc(units.depth), asc(centerStandards.name));
  return rows.map((r) => ({ ...r.standard, unitName: r.unitName, unitPath: r.unitPath }));
}

async function assessmentsOf(db: DbOrTx, centerId: string): Promise<AssessmentView[]> {
  const heads = await db
    .select()
    .from(centerAssessments)
    .where(eq(centerAssessments.centerId, centerId))
    .orderBy(desc(centerAssessments.assessedOn), desc(centerAssessments.createdAt));
  if (heads.length === 0) return [];
  const results = await db
    .select({
      assessmentId: centerAssessmentResults.assessmentId,
      itemId: centerAssessmentResults.itemId,
      result: centerAssessmentResults.result,
      evidenceNote: centerAssessmentResults.evidenceNote,
      fileIds: centerAssessmentResults.fileIds,
      itemTitle: centerStandardItems.title,
      sortOrder: centerStandardItems.sortOrder,
    })
    .from(centerAssessmentResults)
    .innerJoin(centerStandardItems, eq(centerStandardItems.id, centerAssessmentResults.itemId))
    .where(
      inArray(
        centerAssessmentResults.assessmentId,
        heads.map((h) => h.id),
      ),
    )
    .orderBy(asc(centerStandardItems.sortOrder));
  const files = new Map(
    (await describeFiles(db, [...new Set(results.flatMap((r) => r.fileIds))])).map((f) => [f.id, f]),
  );
  return heads.map((head) => {
    const own = results.filter((r) => r.assessmentId === head.id);
    return {
      id: head.id,
      standardId: head.standardId,
      assessedOn: head.assessedOn,
      assessorName: head.assessorName,
      note: head.note,
      metCount: own.filter((r) => r.result === 'met').length,
      itemCount: own.length,
      results: own.map((r) => ({
        itemId: r.itemId,
        itemTitle: r.itemTitle,
        result: r.result as AssessmentResult,
        evidenceNote: r.evidenceNote,
        files: r.fileIds.flatMap((fileId) => (files.has(fileId) ? [files.get(fileId)!] : [])),
      })),
    };
  });
}

/** A centre's applicable standards, each with its latest assessment and history, and its progress. */
export async function getCenterAssessments(ctx: RequestContext, centerId: string) {
  const centre = await findCenterInScope(ctx.db, ctx.scope, centerId);
  const [standards, history, progress] = await Promise.all([
    applicableStandards(ctx.db, centre),
    assessmentsOf(ctx.db, centre.id),
    progressOfCentres(ctx.db, { centerIds: [centre.id] }),
  ]);
  const views = await presentStandards(ctx.db, ctx.actor, standards);
  return {
    progress: progress.get(centre.id)!,
    standards: views.map((standard) => {
      const own = history.filter((a) => a.standardId === standard.id);
      return { ...standard, latest: own[0] ?? null, history: own };
    }),
  };
}

/** Records one assessment of a centre against a standard: every active item, with evidence. */
export async function createAssessment(
  ctx: RequestContext,
  centerId: string,
  input: CreateAssessmentInput,
): Promise<AssessmentView> {
  return ctx.db.transaction(async (tx) => {
    const centre = await findCenterInScope(tx, ctx.scope, centerId);
    const [found] = await tx
      .select(standardWithUnit)
      .from(centerStandards)
      .innerJoin(units, eq(units.id, centerStandards.unitId))
      .where(eq(centerStandards.id, input.standardId));
    // A standard set by a unit that is not above this centre does not exist from the centre's viewpoint.
    if (!found || !centre.unitPath.startsWith(found.unitPath))
      throw new AppError('CENTERS_STANDARD_NOT_FOUND');
    const standard = found.standard;
    const applicable = await applicableStandards(tx, centre);
    if (!applicable.some((s) => s.id === standard.id)) {
      if (!standard.active)
        throw new AppError('CENTERS_STANDARD_INACTIVE', { params: { name: standard.name } });
      throw new AppError('CENTERS_STANDARD_NOT_APPLICABLE', { params: { name: standard.name } });
    }
    const today = todayInChina();
    if (input.assessedOn > today) throw new AppError('CENTERS_ASSESSMENT_FUTURE', { params: { today } });
    const items = (await itemsOf(tx, [standard.id])).get(standard.id) ?? [];
    const byId = new Map(items.map((item) => [item.id, item]));
    const seen = new Set<string>();
    for (const result of input.results) {
      if (!byId.has(result.itemId) || seen.has(result.itemId))
        throw new AppError('CENTERS_ASSESSMENT_ITEM_UNKNOWN');
      seen.add(result.itemId);
    }
    const missing = items.filter((item) => !seen.has(item.id));
    if (missing.length > 0) {
      throw new AppError('CENTERS_ASSESSMENT_INCOMPLETE', {
        params: { count: items.length, missing: missing.map((item) => item.title).join('、') },
      });
    }
    await requireFiles(tx, { ids: input.results.flatMap((r) => r.fileIds), unitId: centre.unitId });
    const [head] = await tx
      .insert(centerAssessments)
      .values({
        centerId: centre.id,
        standardId: standard.id,
        assessedOn: input.assessedOn,
        assessedBy: ctx.actor.userId,
        assessorName: ctx.actor.displayName,
        note: input.note,
      })
      .returning();
    const results = await tx
      .insert(centerAssessmentResults)
      .values(
        input.results.map((r) => ({
          assessmentId: head!.id,
          itemId: r.itemId,
          result: r.result,
          evidenceNote: r.evidenceNote,
          fileIds: [...new Set(r.fileIds)],
        })),
      )
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'centerAssessment',
      entityId: head!.id,
      action: 'create',
      after: { ...head, results },
    });
    return (await assessmentsOf(tx, centre.id)).find((a) => a.id === head!.id)!;
  });
}
