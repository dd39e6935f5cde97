import { and, asc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import { type DbOrTx, queryRows } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { describeFiles, requireFiles } from '../../platform/files';
import type { RequestContext } from '../../platform/http/context';
import { pinyinKey } from '../../platform/pinyin';
import { escapeLike, pathCondition, type Scope } from '../../platform/scope';
import { findUnitInScope, pathNamesOf, units, unitTypeName } from '../orgs';
import {
  type CenterDetail,
  type CenterView,
  type CreateCenterInput,
  centerUnitTypes,
  type ListCentersQuery,
  type ProgressView,
  type UpdateCenterInput,
} from './contract';
import { serviceCenters } from './schema';
import { progressOfCentres } from './standing';

type CenterRow = typeof serviceCenters.$inferSelect;
/** A centre with the unit it serves. */
export type CenterWithUnit = CenterRow & { unitPath: string; unitType: string; unitName: string };

const noProgress: ProgressView = {
  itemCount: 0,
  metCount: 0,
  partlyCount: 0,
  share: null,
  meetsStandard: false,
  lastAssessedOn: null,
};

const withUnit = {
  center: serviceCenters,
  unitPath: units.path,
  unitType: units.type,
  unitName: units.name,
};

/** Loads one centre inside the scope, or fails with 404 (outside the scope looks the same as missing). */
export async function findCenterInScope(db: DbOrTx, scope: Scope, id: string): Promise<CenterWithUnit> {
  const [row] = await db
    .select(withUnit)
    .from(serviceCenters)
    .innerJoin(units, eq(units.id, serviceCenters.unitId))
    .where(and(eq(serviceCenters.id, id), pathCondition(scope, units.path)));
  if (!row) throw new AppError('CENTERS_NOT_FOUND');
  return { ...row.center, unitPath: row.unitPath, unitType: row.unitType, unitName: row.unitName };
}

function listConditions(scope: Scope, query: Omit<ListCentersQuery, 'page' | 'pageSize'>, unitPath?: string) {
  const conditions = [pathCondition(scope, units.path)];
  if (unitPath) conditions.push(sql`${units.path} like ${`${escapeLike(unitPath)}%`}`);
  if (query.type) conditions.push(eq(units.type, query.type));
  if (query.status) conditions.push(eq(serviceCenters.status, query.status));
  if (query.upgradeStatus) conditions.push(eq(serviceCenters.upgradeStatus, query.upgradeStatus));
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    conditions.push(
      sql`(lower(${serviceCenters.name}) like ${like} or ${serviceCenters.pinyin} like ${like} or lower(${serviceCenters.address}) like ${like} or lower(${units.name}) like ${like})`,
    );
  }
  return and(...conditions);
}

async function itemCountsOf(db: DbOrTx, centerIds: string[]) {
  if (centerIds.length === 0) return new Map<string, { total: number; published: number }>();
  const rows = await queryRows<{ centerId: string; total: number; published: number }>(
    db,
    sql`select center_id as "centerId", count(*)::int as total, (count(*) filter (where published))::int as published
      from center_service_items where removed_at is null and center_id in ${centerIds} group by center_id`,
  );
  return new Map(rows.map((r) => [r.centerId, { total: Number(r.total), published: Number(r.published) }]));
}

async function present(db: DbOrTx, rows: CenterWithUnit[]): Promise<CenterView[]> {
  const ids = rows.map((r) => r.id);
  const [progress, counts, names] = await Promise.all([
    progressOfCentres(db, { centerIds: ids }),
    itemCountsOf(db, ids),
    pathNamesOf(
      db,
      rows.map((r) => r.unitPath),
    ),
  ]);
  return rows.map((row) => ({
    id: row.id,
    unitId: row.unitId,
    unitName: row.unitName,
    unitType: row.unitType,
    unitPathNames: names.get(row.unitPath) ?? row.unitName,
    name: row.name,
    address: row.address,
    areaSqm: row.areaSqm,
    openingHours: row.openingHours,
    status: row.status as CenterView['status'],
    upgradeStatus: row.upgradeStatus as CenterView['upgradeStatus'],
    itemCount: counts.get(row.id)?.total ?? 0,
    publishedItemCount: counts.get(row.id)?.published ?? 0,
    progress: progress.get(row.id) ?? noProgress,
  }));
}

async function unitPathOf(ctx: RequestContext, unitId: string | undefined): Promise<string | undefined> {
  if (!unitId) return undefined;
  return (await findUnitInScope(ctx.db, ctx.scope, unitId)).path;
}

/** Searches the centres in scope (name, pinyin, address, unit), filtered and paginated, with their progress. */
export async function listCenters(ctx: RequestContext, query: ListCentersQuery) {
  const where = listConditions(ctx.scope, query, await unitPathOf(ctx, query.unitId));
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(serviceCenters)
    .innerJoin(units, eq(units.id, serviceCenters.unitId))
    .where(where);
  const rows = await ctx.db
    .select(withUnit)
    .from(serviceCenters)
    .innerJoin(units, eq(units.id, serviceCenters.unitId))
    .where(where)
    .orderBy(asc(units.depth), asc(units.path))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const items = await present(
    ctx.db,
    rows.map((r) => ({ ...r.center, unitPath: r.unitPath, unitType: r.unitType, unitName: r.unitName })),
  );
  return { items, total: Number(total), page: query.page, pageSize: query.pageSize };
}

/** Every centre matching the list filters, for the Excel export. */
export async function centersForExport(
  ctx: RequestContext,
  query: Omit<ListCentersQuery, 'page' | 'pageSize'>,
) {
  const where = listConditions(ctx.scope, query, await unitPathOf(ctx, query.unitId));
  const rows = await ctx.db
    .select(withUnit)
    .from(serviceCenters)
    .innerJoin(units, eq(units.id, serviceCenters.unitId))
    .where(where)
    .orderBy(asc(units.depth), asc(units.path));
  const centres = rows.map((r) => ({
    ...r.center,
    unitPath: r.unitPath,
    unitType: r.unitType,
    unitName: r.unitName,
  }));
  const views = await present(ctx.db, centres);
  return views.map((view, index) => ({ view, row: centres[index]! }));
}

async function detailOf(db: DbOrTx, row: CenterWithUnit): Promise<CenterDetail> {
  const [view] = await present(db, [row]);
  return {
    ...view!,
    rooms: row.rooms,
    staff: row.staff.map((s) => ({ ...s, phone: s.phone || null })),
    photos: await describeFiles(db, row.photoIds),
    upgradeNote: row.upgradeNote,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** One centre in scope with rooms, staff, photos and progress. */
export async function getCenter(ctx: RequestContext, id: string): Promise<CenterDetail> {
  return detailOf(ctx.db, await findCenterInScope(ctx.db, ctx.scope, id));
}

/** Photos must belong to the centre's unit and be public, since the public page shows them. */
async function checkPhotos(tx: DbOrTx, unitId: string, photoIds: string[]): Promise<void> {
  const files = await requireFiles(tx, { ids: photoIds, unitId });
  const hidden = files.find((file) => !file.isPublic);
  if (hidden) throw new AppError('CENTERS_PHOTO_NOT_PUBLIC', { params: { name: hidden.name } });
}

function staffOf(input: CreateCenterInput['staff']) {
  return input.map((s) => ({
    name: s.name,
    role: s.role,
    phone: s.phone || null,
    phonePublic: s.phonePublic,
  }));
}

/** Creates the centre of a 苏木镇, 嘎查 or 社区 in scope; one centre per unit. */
export async function createCenter(ctx: RequestContext, input: CreateCenterInput): Promise<CenterDetail> {
  return ctx.db.transaction(async (tx) => {
    const unit = await findUnitInScope(tx, ctx.scope, input.unitId);
    if (!(centerUnitTypes as readonly string[]).includes(unit.type)) {
      throw new AppError('CENTERS_UNIT_TYPE', { params: { unitType: unitTypeName(unit.type) } });
    }
    if (!unit.active) throw new AppError('CENTERS_UNIT_INACTIVE', { params: { unitName: unit.name } });
    const [existing] = await tx
      .select({ id: serviceCenters.id })
      .from(serviceCenters)
      .where(eq(serviceCenters.unitId, unit.id));
    if (existing) throw new AppError('CENTERS_DUPLICATE', { params: { unitName: unit.name } });
    await checkPhotos(tx, unit.id, input.photoIds);
    const [row] = await tx
      .insert(serviceCenters)
      .values({
        bannerId: unit.bannerId,
        unitId: unit.id,
        name: input.name,
        pinyin: pinyinKey(input.name),
        address: input.address,
        areaSqm: input.areaSqm ?? null,
        openingHours: input.openingHours,
        rooms: input.rooms,
        staff: staffOf(input.staff),
        photoIds: [...new Set(input.photoIds)],
        status: input.status,
        upgradeStatus: input.upgradeStatus,
        upgradeNote: input.upgradeNote,
      })
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'serviceCenter',
      entityId: row!.id,
      action: 'create',
      after: row,
    });
    return detailOf(tx, { ...row!, unitPath: unit.path, unitType: unit.type, unitName: unit.name });
  });
}

/** Edits a centre's facts, staff, photos, status or upgrade plan. */
export async function updateCenter(
  ctx: RequestContext,
  id: string,
  input: UpdateCenterInput,
): Promise<CenterDetail> {
  return ctx.db.transaction(async (tx) => {
    const before = await findCenterInScope(tx, ctx.scope, id);
    if (input.photoIds) await checkPhotos(tx, before.unitId, input.photoIds);
    const changes = {
      ...(input.name !== undefined && { name: input.name, pinyin: pinyinKey(input.name) }),
      ...(input.address !== undefined && { address: input.address }),
      ...(input.areaSqm !== undefined && { areaSqm: input.areaSqm }),
      ...(input.openingHours !== undefined && { openingHours: input.openingHours }),
      ...(input.rooms !== undefined && { rooms: input.rooms }),
      ...(input.staff !== undefined && { staff: staffOf(input.staff) }),
      ...(input.photoIds !== undefined && { photoIds: [...new Set(input.photoIds)] }),
      ...(input.status !== undefined && { status: input.status }),
      ...(input.upgradeStatus !== undefined && { upgradeStatus: input.upgradeStatus }),
      ...(input.upgradeNote !== undefined && { upgradeNote: input.upgradeNote }),
      updatedAt: new Date().toISOString(),
    };
    const [after] = await tx.update(serviceCenters).set(changes).where(eq(serviceCenters.id, id)).returning();
    const { unitPath: _p, unitType: _t, unitName: _n, ...beforeRow } = before;
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'serviceCenter',
      entityId: id,
      action: 'update',
      before: beforeRow,
      after,
    });
    return detailOf(tx, {
      ...after!,
      unitPath: before.unitPath,
      unitType: before.unitType,
      unitName: before.unitName,
    });
  });
}
