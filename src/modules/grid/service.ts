// Use cases of grids: list and map data in scope, create and edit with boundary checks, GeoJSON import,
// grid workers, and "my grids" for the signed-in grid worker.
import { and, asc, eq, ilike, inArray, ne, or, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor';
import { users } from '../../platform/auth/schema';
import { auditActorOf } from '../../platform/auth/service';
import { recordAudit } from '../../platform/audit/writer';
import type { DbOrTx, Tx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http/context';
import { escapeLike, pathCondition, type Scope, unitCondition } from '../../platform/scope';
import { findUnitInScope, units } from '../orgs';
import { people } from '../people';
import { boundaryProblem, boxOf, centreOf } from './geo';
import { cases } from '../../platform/cases/schema';
import { alias } from 'drizzle-orm/pg-core';
import { openAt, overdueAt } from './events/indicators';
import { type GridBoundary, gridEvents, grids, gridWorkers } from './schema';
import type { GridShape } from './contract';

export type GridRow = typeof grids.$inferSelect;

export interface GridInput {
  unitId: string;
  name: string;
  code: string;
  networkCodes?: Array<{ network: string; code: string }>;
  boundary?: unknown;
  description?: string;
}

export interface GridView {
  id: string;
  unitId: string;
  unitName: string;
  name: string;
  code: string;
  networkCodes: Array<{ network: string; code: string }>;
  boundary: GridBoundary | null;
  centerLat: number | null;
  centerLng: number | null;
  description: string;
  workers: Array<{ id: string; personId: string; name: string; kind: string; phone: string }>;
}

const GRID_UNIT_TYPES = ['gacha', 'community'];

/** The boundary columns of a checked boundary (null clears them). */
function geometryColumns(boundary: unknown) {
  if (boundary === undefined) return {};
  if (boundary === null)
    return {
      boundary: null,
      centerLat: null,
      centerLng: null,
      minLng: null,
      minLat: null,
      maxLng: null,
      maxLat: null,
    };
  const problem = boundaryProblem(boundary);
  if (problem) throw new AppError('GRID_BAD_BOUNDARY', { params: { reason: problem } });
  const shape = boundary as GridBoundary;
  const centre = centreOf(shape);
  const box = boxOf(shape);
  return { boundary: shape, centerLat: centre.lat, centerLng: centre.lng, ...box };
}

async function gridUnit(tx: DbOrTx, scope: Scope, unitId: string) {
  const unit = await findUnitInScope(tx, scope, unitId);
  if (!GRID_UNIT_TYPES.includes(unit.type) || !unit.active)
    throw new AppError('GRID_UNIT_TYPE', { params: { unitName: unit.name } });
  return unit;
}

/** Duplicate code (banner-wide) or name (within the unit) → 409 naming the one in the way. */
async function checkUnique(
  tx: DbOrTx,
  input: { unitId: string; name: string; code: string },
  exceptId?: string,
) {
  const clash = await tx
    .select({ name: grids.name, code: grids.code, unitId: grids.unitId })
    .from(grids)
    .where(
      and(
        eq(grids.active, true),
        or(eq(grids.code, input.code), and(eq(grids.unitId, input.unitId), eq(grids.name, input.name))),
        exceptId ? ne(grids.id, exceptId) : undefined,
      ),
    );
  const byCode = clash.find((g) => g.code === input.code);
  if (byCode) throw new AppError('GRID_CODE_TAKEN', { params: { code: input.code, name: byCode.name } });
  if (clash.length > 0) {
    const [unit] = await tx.select({ name: units.name }).from(units).where(eq(units.id, input.unitId));
    throw new AppError('GRID_NAME_TAKEN', { params: { unitName: unit?.name ?? '', name: input.name } });
  }
}

async function insertGrid(tx: Tx, actor: Actor, scope: Scope, input: GridInput): Promise<string> {
  const unit = await gridUnit(tx, scope, input.unitId);
  await checkUnique(tx, input);
  const [row] = await tx
    .insert(grids)
    .values({
      bannerId: unit.bannerId,
      unitId: unit.id,
      name: input.name,
      code: input.code,
      networkCodes: input.networkCodes ?? [],
      description: input.description ?? '',
      ...geometryColumns(input.boundary ?? null),
    })
    .returning({ id: grids.id });
  await recordAudit(tx, auditActorOf(actor), {
    entity: 'grid',
    entityId: row!.id,
    action: 'create',
    after: { unitId: unit.id, name: input.name, code: input.code, networkCodes: input.networkCodes ?? [] },
  });
  return row!.id;
}

export async function createGrid({ db, actor, scope }: RequestContext, input: GridInput): Promise<GridView> {
  const id = await db.transaction((tx) => insertGrid(tx, actor, scope, input));
  return getGrid({ db, scope }, id);
}

export async function updateGrid(
  { db, actor, scope }: RequestContext,
  id: string,
  patch: Partial<GridInput>,
): Promise<GridView> {
  await db.transaction(async (tx) => {
    const before = await findGridInScope(tx, scope, id);
    const next = {
      unitId: patch.unitId ?? before.unitId,
      name: patch.name ?? before.name,
      code: patch.code ?? before.code,
    };
    if (patch.unitId && patch.unitId !== before.unitId) await gridUnit(tx, scope, patch.unitId);
    await checkUnique(tx, next, id);
    await tx
      .update(grids)
      .set({
        ...next,
        ...(patch.networkCodes ? { networkCodes: patch.networkCodes } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...geometryColumns(patch.boundary),
        updatedAt: sql`now()`,
      })
      .where(eq(grids.id, id));
    await recordAudit(tx, auditActorOf(actor), {
      entity: 'grid',
      entityId: id,
      action: 'update',
      before: {
        unitId: before.unitId,
        name: before.name,
        code: before.code,
        networkCodes: before.networkCodes,
      },
      after: { ...next, networkCodes: patch.networkCodes, boundaryChanged: patch.boundary !== undefined },
    });
  });
  return getGrid({ db, scope }, id);
}

/** An active grid whose unit is in scope, or GRID_NOT_FOUND (404). */
export async function findGridInScope(db: DbOrTx, scope: Scope, id: string): Promise<GridRow> {
  const [row] = await db
    .select({ grid: grids })
    .from(grids)
    .innerJoin(units, eq(units.id, grids.unitId))
    .where(and(eq(grids.id, id), eq(grids.active, true), pathCondition(scope, units.path)));
  if (!row) throw new AppError('GRID_NOT_FOUND');
  return row.grid;
}

async function workersOf(db: DbOrTx, gridIds: string[]) {
  if (gridIds.length === 0) return new Map<string, GridView['workers']>();
  const rows = await db
    .select({
      id: gridWorkers.id,
      gridId: gridWorkers.gridId,
      personId: gridWorkers.personId,
      name: people.name,
      kind: gridWorkers.kind,
      phone: gridWorkers.phone,
    })
    .from(gridWorkers)
    .innerJoin(people, eq(people.id, gridWorkers.personId))
    .where(and(inArray(gridWorkers.gridId, gridIds), eq(gridWorkers.active, true)))
    .orderBy(asc(people.name));
  const map = new Map<string, GridView['workers']>();
  for (const { gridId, ...worker } of rows) map.set(gridId, [...(map.get(gridId) ?? []), worker]);
  return map;
}

function present(row: { grid: GridRow; unitName: string }, workers: GridView['workers']): GridView {
  const { grid } = row;
  return {
    id: grid.id,
    unitId: grid.unitId,
    unitName: row.unitName,
    name: grid.name,
    code: grid.code,
    networkCodes: grid.networkCodes,
    boundary: grid.boundary,
    centerLat: grid.centerLat,
    centerLng: grid.centerLng,
    description: grid.description,
    workers,
  };
}

export async function getGrid(
  { db, scope }: Pick<RequestContext, 'db' | 'scope'>,
  id: string,
): Promise<GridView> {
  await findGridInScope(db, scope, id);
  const [row] = await db
    .select({ grid: grids, unitName: units.name })
    .from(grids)
    .innerJoin(units, eq(units.id, grids.unitId))
    .where(eq(grids.id, id));
  return present(row!, (await workersOf(db, [id])).get(id) ?? []);
}

export interface GridListQuery {
  unitId?: string;
  q?: string;
  page: number;
  pageSize: number;
}

/** Grids in scope (under a unit, by name or code), with boundaries for the map. */
export async function listGrids(
  { db, scope }: Pick<RequestContext, 'db' | 'scope'>,
  query: GridListQuery,
): Promise<{ total: number; items: GridView[] }> {
  const under = query.unitId ? await findUnitInScope(db, scope, query.unitId) : null;
  const where = and(
    eq(grids.active, true),
    pathCondition(scope, units.path),
    under ? sql`${units.path} like ${`${escapeLike(under.path)}%`}` : undefined,
    query.q
      ? or(ilike(grids.name, `%${escapeLike(query.q)}%`), ilike(grids.code, `%${escapeLike(query.q)}%`))
      : undefined,
  );
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(grids)
    .innerJoin(units, eq(units.id, grids.unitId))
    .where(where);
  const rows = await db
    .select({ grid: grids, unitName: units.name })
    .from(grids)
    .innerJoin(units, eq(units.id, grids.unitId))
    .where(where)
    .orderBy(asc(units.path), asc(grids.code))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const workers = await workersOf(
    db,
    rows.map((r) => r.grid.id),
  );
  return { total: Number(total), items: rows.map((r) => present(r, workers.get(r.grid.id) ?? [])) };
}

/** Assigns a person (in scope) to a grid as a worker; assigning again updates kind and phone. */
export async function assignWorker(
  { db, actor, scope }: RequestContext,
  gridId: string,
  input: { personId: string; kind: 'fullTime' | 'partTime'; phone?: string },
): Promise<GridView> {
  await db.transaction(async (tx) => {
    await findGridInScope(tx, scope, gridId);
    const [person] = await tx
      .select({ id: people.id })
      .from(people)
      .innerJoin(units, eq(units.id, people.unitId))
      .where(and(eq(people.id, input.personId), pathCondition(actor.scopeFor('people.read'), units.path)));
    if (!person) throw new AppError('GRID_PERSON_NOT_FOUND');
    const [existing] = await tx
      .select({ id: gridWorkers.id })
      .from(gridWorkers)
      .where(
        and(
          eq(gridWorkers.gridId, gridId),
          eq(gridWorkers.personId, input.personId),
          eq(gridWorkers.active, true),
        ),
      );
    if (existing)
      await tx
        .update(gridWorkers)
        .set({ kind: input.kind, phone: input.phone ?? '', updatedAt: sql`now()` })
        .where(eq(gridWorkers.id, existing.id));
    else
      await tx
        .insert(gridWorkers)
        .values({ gridId, personId: input.personId, kind: input.kind, phone: input.phone ?? '' });
    await recordAudit(tx, auditActorOf(actor), {
      entity: 'grid_worker',
      entityId: gridId,
      action: existing ? 'update' : 'assign',
      after: input,
    });
  });
  return getGrid({ db, scope }, gridId);
}

export async function unassignWorker(
  { db, actor, scope }: RequestContext,
  gridId: string,
  workerId: string,
): Promise<GridView> {
  await db.transaction(async (tx) => {
    await findGridInScope(tx, scope, gridId);
    const ended = await tx
      .update(gridWorkers)
      .set({ active: false, updatedAt: sql`now()` })
      .where(and(eq(gridWorkers.id, workerId), eq(gridWorkers.gridId, gridId), eq(gridWorkers.active, true)))
      .returning({ personId: gridWorkers.personId });
    if (ended.length === 0) throw new AppError('NOT_FOUND');
    await recordAudit(tx, auditActorOf(actor), {
      entity: 'grid_worker',
      entityId: gridId,
      action: 'unassign',
      before: { personId: ended[0]!.personId },
    });
  });
  return getGrid({ db, scope }, gridId);
}

/** The active grids where the person is an active worker. */
export async function gridsOfPerson(db: DbOrTx, personId: string): Promise<GridRow[]> {
  const rows = await db
    .select({ grid: grids })
    .from(gridWorkers)
    .innerJoin(grids, eq(grids.id, gridWorkers.gridId))
    .where(and(eq(gridWorkers.personId, personId), eq(gridWorkers.active, true), eq(grids.active, true)))
    .orderBy(asc(grids.code));
  return rows.map((r) => r.grid);
}

/** The grids of the signed-in user's person record (none when the account has no person). */
export async function myGrids({ db, actor }: Pick<RequestContext, 'db' | 'actor'>): Promise<GridView[]> {
  const [user] = await db.select({ personId: users.personId }).from(users).where(eq(users.id, actor.userId));
  if (!user?.personId) return [];
  const own = await gridsOfPerson(db, user.personId);
  if (own.length === 0) return [];
  const names = new Map(
    (
      await db
        .select({ id: units.id, name: units.name })
        .from(units)
        .where(inArray(units.id, [...new Set(own.map((g) => g.unitId))]))
    ).map((u) => [u.id, u.name]),
  );
  const workers = await workersOf(
    db,
    own.map((g) => g.id),
  );
  return own.map((grid) =>
    present({ grid, unitName: names.get(grid.unitId) ?? '' }, workers.get(grid.id) ?? []),
  );
}

/**
 * Imports a GeoJSON FeatureCollection into the grids of one 嘎查/社区: each feature's properties give
 * `name` and `code` (and optional `networks`: {网络名: 编码}); an existing grid with the code gets the
 * new boundary, a new code creates a grid. All or nothing; a bad feature is named by its number.
 */
export async function importGeoJson(
  { db, actor, scope }: RequestContext,
  unitId: string,
  text: string,
): Promise<{ created: number; updated: number }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('GRID_BAD_GEOJSON', {
      params: { reason: '不是有效的 JSON 文本，请导出为 .geojson 后重新上传' },
    });
  }
  const features = (parsed as { type?: string; features?: unknown[] })?.features;
  if (
    (parsed as { type?: string })?.type !== 'FeatureCollection' ||
    !Array.isArray(features) ||
    features.length === 0
  )
    throw new AppError('GRID_BAD_GEOJSON', {
      params: { reason: '应为包含至少一个要素的 FeatureCollection' },
    });
  const items = features.map((feature, index) => {
    const f = feature as { geometry?: unknown; properties?: Record<string, unknown> };
    const where = `第 ${index + 1} 个要素`;
    const name = String(f.properties?.name ?? f.properties?.名称 ?? '').trim();
    const code = String(f.properties?.code ?? f.properties?.编码 ?? '').trim();
    if (!name || !code)
      throw new AppError('GRID_BAD_GEOJSON', {
        params: { reason: `${where}缺少 name（名称）或 code（编码）属性` },
      });
    const problem = boundaryProblem(f.geometry);
    if (problem)
      throw new AppError('GRID_BAD_GEOJSON', { params: { reason: `${where}“${name}”：${problem}` } });
    const networks = f.properties?.networks;
    const networkCodes =
      networks && typeof networks === 'object'
        ? Object.entries(networks as Record<string, unknown>).map(([network, value]) => ({
            network,
            code: String(value),
          }))
        : [];
    return { name, code, boundary: f.geometry, networkCodes };
  });
  const codes = items.map((i) => i.code);
  const dup = codes.find((code, i) => codes.indexOf(code) !== i);
  if (dup) throw new AppError('GRID_BAD_GEOJSON', { params: { reason: `编码“${dup}”在文件中出现多次` } });
  return db.transaction(async (tx) => {
    const unit = await gridUnit(tx, scope, unitId);
    let created = 0;
    let updated = 0;
    for (const item of items) {
      const [existing] = await tx
        .select()
        .from(grids)
        .where(and(eq(grids.code, item.code), eq(grids.active, true)));
      if (existing && existing.unitId !== unit.id)
        throw new AppError('GRID_CODE_TAKEN', { params: { code: item.code, name: existing.name } });
      if (existing) {
        await checkUnique(tx, { unitId: unit.id, name: item.name, code: item.code }, existing.id);
        await tx
          .update(grids)
          .set({
            name: item.name,
            networkCodes: item.networkCodes,
            ...geometryColumns(item.boundary),
            updatedAt: sql`now()`,
          })
          .where(eq(grids.id, existing.id));
        updated++;
      } else {
        await insertGrid(tx, actor, scope, { unitId: unit.id, ...item });
        created++;
      }
    }
    await recordAudit(tx, auditActorOf(actor), {
      entity: 'grid',
      entityId: unit.id,
      action: 'importGeoJson',
      after: { created, updated, codes },
    });
    return { created, updated };
  });
}

/** A grid on the grid module's map: its shape and its open and overdue events now. */
export type GridMapItem = GridShape & { open: number; overdue: number };

/**
 * The active grids in scope (or under a unit) with boundary and staffing, shapes only, no counts: the
 * JSON text of a GridShape[], written by PostgreSQL. The leaders' dashboard sends it as it is: at
 * league scale it is 4,855 boundaries (1.6 MB) that the server would otherwise parse, check and write
 * out again unchanged.
 */
export async function gridShapesJson(
  { db, scope }: Pick<RequestContext, 'db' | 'scope'>,
  unitId: string | undefined,
): Promise<string> {
  const under = unitId ? await findUnitInScope(db, scope, unitId) : null;
  const [row] = await db
    .select({
      json: sql<string>`coalesce(json_agg(json_build_object(
        'id', ${grids.id}, 'name', ${grids.name}, 'code', ${grids.code}, 'unitName', ${units.name},
        'boundary', ${grids.boundary}, 'centerLat', ${grids.centerLat}, 'centerLng', ${grids.centerLng},
        'workers', (select count(*)::int from grid_workers w where w.grid_id = ${grids.id} and w.active)) order by ${units.path}, ${grids.code}), '[]')::text`,
    })
    .from(grids)
    .innerJoin(units, eq(units.id, grids.unitId))
    .where(
      and(
        eq(grids.active, true),
        pathCondition(scope, units.path),
        under ? sql`${units.path} like ${`${escapeLike(under.path)}%`}` : undefined,
      ),
    );
  return row?.json ?? '[]';
}

/**
 * Every grid in scope (or under a unit) with its boundary and its open and overdue events now, for the
 * grid map: the shapes, then one grouped count over the events the viewer may see, by the same rules
 * as the indicators grid.event.openByGrid and grid.event.overdueByGrid.
 */
/** Cases under the alias `c`, as the shared open/overdue rules name them. */
const casesAsC = alias(cases, 'c');

export async function gridMap(
  ctx: Pick<RequestContext, 'db' | 'scope'>,
  unitId: string | undefined,
): Promise<GridMapItem[]> {
  const shapes = JSON.parse(await gridShapesJson(ctx, unitId)) as GridShape[];
  if (shapes.length === 0) return [];
  const now = sql`now()`;
  const counts = await ctx.db
    .select({
      gridId: gridEvents.gridId,
      open: sql<number>`count(*)::int`,
      overdue: sql<number>`(count(*) filter (where ${overdueAt(now)}))::int`,
    })
    .from(gridEvents)
    .innerJoin(casesAsC, eq(casesAsC.id, gridEvents.caseId))
    .where(
      and(
        inArray(
          gridEvents.gridId,
          shapes.map((shape) => shape.id),
        ),
        openAt(now),
        unitCondition(ctx.scope, sql`c.unit_id`),
      ),
    )
    .groupBy(gridEvents.gridId);
  const byGrid = new Map(counts.map((row) => [row.gridId, row]));
  return shapes.map((shape) => ({
    ...shape,
    open: Number(byGrid.get(shape.id)?.open ?? 0),
    overdue: Number(byGrid.get(shape.id)?.overdue ?? 0),
  }));
}
