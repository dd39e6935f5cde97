// Use cases of co-building units (共驻共建单位): the unit, the 嘎查/社区 it is paired with, and its needs,
// resources and projects with progress. A record is visible where its registering unit or one of its
// paired units is in scope.
import { and, asc, eq, ilike, inArray, sql } from 'drizzle-orm';
import { auditActorOf } from '../../../platform/auth/service';
import { recordAudit } from '../../../platform/audit/writer';
import type { DbOrTx, Tx } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import type { RequestContext } from '../../../platform/http/context';
import { escapeLike, type Scope, unitCondition } from '../../../platform/scope';
import { todayInChina } from '../../../platform/time';
import { findUnitInScope, units } from '../../orgs';
import { coBuildingItems, coBuildingPairs, coBuildingUnits } from '../schema';
import type { CoBuildingItemInput, CoBuildingView } from './contract';

type CoBuildingRow = typeof coBuildingUnits.$inferSelect;

/** Visible: the registering unit or one of the paired units lies in the scope. */
export function coBuildingVisible(scope: Scope) {
  return sql`(${unitCondition(scope, coBuildingUnits.unitId)} or exists (
    select 1 from co_building_pairs p where p.co_building_unit_id = ${coBuildingUnits.id}
      and ${unitCondition(scope, sql`p.unit_id`)}))`;
}

async function findCoBuildingInScope(db: DbOrTx, scope: Scope, id: string): Promise<CoBuildingRow> {
  const [row] = await db
    .select()
    .from(coBuildingUnits)
    .where(and(eq(coBuildingUnits.id, id), eq(coBuildingUnits.active, true), coBuildingVisible(scope)));
  if (!row) throw new AppError('GRID_CO_BUILDING_NOT_FOUND');
  return row;
}

/** Paired units must be active 嘎查/社区 in scope. */
async function checkPairs(tx: DbOrTx, scope: Scope, ids: string[]) {
  for (const id of new Set(ids)) {
    const unit = await findUnitInScope(tx, scope, id);
    if (!['gacha', 'community'].includes(unit.type) || !unit.active)
      throw new AppError('GRID_CO_BUILDING_PAIR', { params: { unitName: unit.name } });
  }
}

async function present(db: DbOrTx, rows: CoBuildingRow[]): Promise<CoBuildingView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const names = new Map(
    (
      await db
        .select({ id: units.id, name: units.name })
        .from(units)
        .where(inArray(units.id, [...new Set(rows.map((r) => r.unitId))]))
    ).map((u) => [u.id, u.name]),
  );
  const pairs = await db
    .select({ owner: coBuildingPairs.coBuildingUnitId, id: units.id, name: units.name })
    .from(coBuildingPairs)
    .innerJoin(units, eq(units.id, coBuildingPairs.unitId))
    .where(inArray(coBuildingPairs.coBuildingUnitId, ids))
    .orderBy(asc(units.path));
  const counts = await db
    .select({
      owner: coBuildingItems.coBuildingUnitId,
      kind: coBuildingItems.kind,
      n: sql<number>`count(*)::int`,
      done: sql<number>`count(*) filter (where ${coBuildingItems.status} = 'done')::int`,
    })
    .from(coBuildingItems)
    .where(and(inArray(coBuildingItems.coBuildingUnitId, ids), eq(coBuildingItems.active, true)))
    .groupBy(coBuildingItems.coBuildingUnitId, coBuildingItems.kind);
  return rows.map((row) => {
    const mine = counts.filter((c) => c.owner === row.id);
    const count = (kind: string) => Number(mine.find((c) => c.kind === kind)?.n ?? 0);
    return {
      id: row.id,
      unitId: row.unitId,
      unitName: names.get(row.unitId) ?? '',
      name: row.name,
      kind: row.kind,
      contactName: row.contactName,
      contactPhone: row.contactPhone,
      pairs: pairs.filter((p) => p.owner === row.id).map(({ id, name }) => ({ id, name })),
      counts: {
        need: count('need'),
        resource: count('resource'),
        project: count('project'),
        done: Number(mine.find((c) => c.kind === 'project')?.done ?? 0),
      },
    };
  });
}

/** Co-building units visible in scope, optionally paired with (or registered under) a unit's subtree. */
export async function listCoBuilding(
  { db, scope }: Pick<RequestContext, 'db' | 'scope'>,
  query: { unitId?: string; q?: string; page: number; pageSize: number },
): Promise<{ total: number; items: CoBuildingView[] }> {
  const under = query.unitId ? await findUnitInScope(db, scope, query.unitId) : null;
  const where = and(
    eq(coBuildingUnits.active, true),
    coBuildingVisible(scope),
    under ? coBuildingVisible({ paths: [under.path] }) : undefined,
    query.q ? ilike(coBuildingUnits.name, `%${escapeLike(query.q)}%`) : undefined,
  );
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(coBuildingUnits)
    .where(where);
  const rows = await db
    .select()
    .from(coBuildingUnits)
    .where(where)
    .orderBy(asc(coBuildingUnits.name), asc(coBuildingUnits.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { total: Number(total), items: await present(db, rows) };
}

export async function getCoBuilding({ db, scope }: Pick<RequestContext, 'db' | 'scope'>, id: string) {
  const row = await findCoBuildingInScope(db, scope, id);
  const [view] = await present(db, [row]);
  const items = await db
    .select({ item: coBuildingItems, unitName: units.name })
    .from(coBuildingItems)
    .leftJoin(units, eq(units.id, coBuildingItems.unitId))
    .where(and(eq(coBuildingItems.coBuildingUnitId, id), eq(coBuildingItems.active, true)))
    .orderBy(asc(coBuildingItems.kind), asc(coBuildingItems.createdAt), asc(coBuildingItems.id));
  return {
    ...view!,
    items: items.map(({ item, unitName }) => ({
      id: item.id,
      kind: item.kind,
      unitId: item.unitId,
      unitName,
      title: item.title,
      description: item.description,
      status: item.status,
      percent: item.percent,
      startOn: item.startOn,
      endOn: item.endOn,
      completedOn: item.completedOn,
    })),
  };
}

async function replacePairs(tx: Tx, id: string, unitIds: string[]) {
  await tx.delete(coBuildingPairs).where(eq(coBuildingPairs.coBuildingUnitId, id));
  await tx
    .insert(coBuildingPairs)
    .values([...new Set(unitIds)].map((unitId) => ({ coBuildingUnitId: id, unitId })));
}

export interface CoBuildingInput {
  unitId: string;
  name: string;
  kind: string;
  contactName: string;
  contactPhone: string;
  pairedUnitIds: string[];
}

export async function createCoBuilding(ctx: RequestContext, input: CoBuildingInput) {
  const id = await ctx.db.transaction(async (tx) => {
    const unit = await findUnitInScope(tx, ctx.scope, input.unitId);
    await checkPairs(tx, ctx.scope, input.pairedUnitIds);
    const { pairedUnitIds, ...fields } = input;
    const [row] = await tx
      .insert(coBuildingUnits)
      .values({ ...fields, bannerId: unit.bannerId })
      .returning({ id: coBuildingUnits.id });
    await replacePairs(tx, row!.id, pairedUnitIds);
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'coBuildingUnit',
      entityId: row!.id,
      action: 'create',
      after: input,
    });
    return row!.id;
  });
  return getCoBuilding(ctx, id);
}

export async function updateCoBuilding(
  ctx: RequestContext,
  id: string,
  patch: Partial<Omit<CoBuildingInput, 'unitId'>>,
) {
  await ctx.db.transaction(async (tx) => {
    const before = await findCoBuildingInScope(tx, ctx.scope, id);
    const { pairedUnitIds, ...fields } = patch;
    if (pairedUnitIds) {
      await checkPairs(tx, ctx.scope, pairedUnitIds);
      await replacePairs(tx, id, pairedUnitIds);
    }
    await tx
      .update(coBuildingUnits)
      .set({ ...fields, updatedAt: sql`now()` })
      .where(eq(coBuildingUnits.id, id));
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'coBuildingUnit',
      entityId: id,
      action: 'update',
      before: { name: before.name, kind: before.kind },
      after: patch,
    });
  });
  return getCoBuilding(ctx, id);
}

/** An item's unit must be one of the co-building unit's pairs. */
async function checkItemUnit(tx: DbOrTx, coBuildingUnitId: string, unitId: string | null | undefined) {
  if (!unitId) return;
  const [pair] = await tx
    .select()
    .from(coBuildingPairs)
    .where(and(eq(coBuildingPairs.coBuildingUnitId, coBuildingUnitId), eq(coBuildingPairs.unitId, unitId)));
  if (!pair) throw new AppError('GRID_CO_BUILDING_ITEM_UNIT');
}

/** Completion date follows the status: set the day a project becomes done, cleared when it is not. */
function progressColumns(input: Partial<CoBuildingItemInput>, wasDone: boolean) {
  if (input.status === undefined) return {};
  if (input.status === 'done') return wasDone ? {} : { completedOn: todayInChina(), percent: 100 };
  return { completedOn: null };
}

export async function addCoBuildingItem(ctx: RequestContext, id: string, input: CoBuildingItemInput) {
  await ctx.db.transaction(async (tx) => {
    await findCoBuildingInScope(tx, ctx.scope, id);
    await checkItemUnit(tx, id, input.unitId);
    const [row] = await tx
      .insert(coBuildingItems)
      .values({
        coBuildingUnitId: id,
        kind: input.kind,
        unitId: input.unitId ?? null,
        title: input.title,
        description: input.description,
        status: input.kind === 'project' ? input.status : 'planned',
        percent: input.kind === 'project' ? input.percent : 0,
        startOn: input.startOn ?? null,
        endOn: input.endOn ?? null,
        ...(input.kind === 'project' ? progressColumns(input, false) : {}),
      })
      .returning({ id: coBuildingItems.id });
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'coBuildingItem',
      entityId: row!.id,
      action: 'create',
      after: { coBuildingUnitId: id, ...input },
    });
  });
  return getCoBuilding(ctx, id);
}

export async function updateCoBuildingItem(
  ctx: RequestContext,
  id: string,
  itemId: string,
  patch: Partial<CoBuildingItemInput>,
) {
  await ctx.db.transaction(async (tx) => {
    await findCoBuildingInScope(tx, ctx.scope, id);
    const [before] = await tx
      .select()
      .from(coBuildingItems)
      .where(
        and(
          eq(coBuildingItems.id, itemId),
          eq(coBuildingItems.coBuildingUnitId, id),
          eq(coBuildingItems.active, true),
        ),
      );
    if (!before) throw new AppError('GRID_CO_BUILDING_ITEM_NOT_FOUND');
    if (patch.unitId !== undefined) await checkItemUnit(tx, id, patch.unitId);
    // Only projects have a status and progress; a need or resource keeps its defaults.
    const { status, percent, ...rest } = patch;
    const fields = before.kind === 'project' ? patch : rest;
    await tx
      .update(coBuildingItems)
      .set({
        ...fields,
        ...(before.kind === 'project' ? progressColumns(patch, before.status === 'done') : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(coBuildingItems.id, itemId));
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'coBuildingItem',
      entityId: itemId,
      action: 'update',
      before: { status: before.status, percent: before.percent, title: before.title },
      after: patch,
    });
  });
  return getCoBuilding(ctx, id);
}

export async function removeCoBuildingItem(ctx: RequestContext, id: string, itemId: string) {
  await ctx.db.transaction(async (tx) => {
    await findCoBuildingInScope(tx, ctx.scope, id);
    const ended = await tx
      .update(coBuildingItems)
      .set({ active: false, updatedAt: sql`now()` })
      .where(
        and(
          eq(coBuildingItems.id, itemId),
          eq(coBuildingItems.coBuildingUnitId, id),
          eq(coBuildingItems.active, true),
        ),
      )
      .returning({ title: coBuildingItems.title });
    if (ended.length === 0) throw new AppError('GRID_CO_BUILDING_ITEM_NOT_FOUND');
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'coBuildingItem',
      entityId: itemId,
      action: 'remove',
      before: ended[0],
    });
  });
  return getCoBuilding(ctx, id);
}
