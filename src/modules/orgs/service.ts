import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import {
  builtStatement,
  type DbOrTx,
  pageTotal,
  queryRows,
  shapeOf,
  StatementValues,
} from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http/context';
import { pinyinKey } from '../../platform/pinyin';
import { escapeLike, pathCondition, pathInScope, type Scope } from '../../platform/scope';
import type { CreateUnitInput, SearchQuery, UnitDetail, UnitView, UpdateUnitInput } from './contract';
import { units } from './schema';
import { canNest, unitType, unitTypeName } from './unitTypes';

type UnitRow = typeof units.$inferSelect;

const childCountSql = (includeInactive: boolean) =>
  sql<number>`(select count(*)::int from units c where c.parent_id = "units"."id"${includeInactive ? sql`` : sql` and c.active`})`;

/** The columns a tree node shows: lists read only these (a row of the embedded database costs per field). */
const viewColumns = {
  id: units.id,
  parentId: units.parentId,
  name: units.name,
  shortName: units.shortName,
  type: units.type,
  code: units.code,
  path: units.path,
  depth: units.depth,
  active: units.active,
  pinyin: units.pinyin,
};
type ViewRow = Pick<UnitRow, keyof typeof viewColumns>;

function toView(row: ViewRow & { childCount: number }): UnitView {
  return {
    id: row.id,
    parentId: row.parentId,
    name: row.name,
    shortName: row.shortName,
    type: row.type,
    typeName: unitTypeName(row.type),
    code: row.code,
    path: row.path,
    depth: row.depth,
    active: row.active,
    hasChildren: Number(row.childCount) > 0,
    childCount: Number(row.childCount),
    pinyin: row.pinyin,
  };
}

/** Ids along a materialised path, root first. */
export function idsOfPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** Loads one unit inside the scope, or fails with 404 (outside the scope looks the same as missing). */
export async function findUnitInScope(db: DbOrTx, scope: Scope, id: string): Promise<UnitRow> {
  const [row] = await db
    .select()
    .from(units)
    .where(and(eq(units.id, id), pathCondition(scope, units.path)));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** The top units of the actor's scope: where the tree starts for them. */
export async function listRoots({ db, scope }: RequestContext): Promise<UnitView[]> {
  if (scope.paths.length === 0) return [];
  const rows = await db
    .select({ ...viewColumns, childCount: childCountSql(false) })
    .from(units)
    .where(inArray(units.path, [...scope.paths]))
    .orderBy(asc(units.sortOrder), asc(units.name));
  return rows.map(toView);
}

/** The children of one unit, for lazy loading of the tree. */
export async function listChildren(
  { db, scope }: RequestContext,
  parentId: string,
  { includeInactive = false } = {},
): Promise<UnitView[]> {
  // The scope check rides on the children query; only an empty answer needs a second look. Every
  // opened tree node runs it: built once per shape and prepared, so each connection plans it once.
  const values = new StatementValues();
  const where = and(
    eq(units.parentId, values.of(parentId)),
    includeInactive ? undefined : eq(units.active, true),
    pathCondition(scope, units.path, values),
  )!;
  const rows = await builtStatement(db, `orgs.children\n${includeInactive}\n${shapeOf(where)}`, () =>
    db
      .select({ ...viewColumns, childCount: childCountSql(includeInactive) })
      .from(units)
      .where(where)
      .orderBy(asc(units.sortOrder), asc(units.name)),
  ).execute(values.values);
  if (rows.length === 0) await findUnitInScope(db, scope, parentId);
  return rows.map(toView);
}

/** Full names along each path ("某旗/某苏木/某嘎查"), looked up in one query for a whole page. */
export async function pathNamesOf(db: DbOrTx, paths: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(paths.flatMap(idsOfPath))];
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(inArray(units.id, ids.slice(i, i + 5000)));
    for (const r of rows) names.set(r.id, r.name);
  }
  return new Map(
    paths.map((p) => [
      p,
      idsOfPath(p)
        .map((id) => names.get(id) ?? '?')
        .join('/'),
    ]),
  );
}

/** The full name along a unit's path ("某旗/某苏木/某嘎查"), as a column of the same query. */
const pathNamesSql = sql<string>`(select string_agg(a.name, '/' order by a.depth) from units a
  where a.id = any(string_to_array(trim(both '/' from "units"."path"), '/')::uuid[]))`;

/** Searches units in scope by name, pinyin (full or initials) or code, with paging. */
export async function searchUnits({ db, scope }: RequestContext, query: SearchQuery) {
  const values = new StatementValues();
  const conditions = [pathCondition(scope, units.path, values)];
  if (!query.includeInactive) conditions.push(eq(units.active, true));
  if (query.type) conditions.push(eq(units.type, values.of(query.type)));
  // Two characters or more: the units holding all of the query's pairs come from units_search_idx.
  const pairs = !!query.q && [...query.q].length >= 2;
  if (query.q) {
    const q = query.q.toLowerCase();
    if (pairs) conditions.push(sql`search_bigrams(${units.searchText}) @> search_bigrams(${values.of(q)})`);
    conditions.push(sql`${units.searchText} like ${values.of(`%${escapeLike(q)}%`)}`);
  }
  const where = and(...conditions)!;
  const shape = shapeOf(where);
  // Searched as people type: the page, its total and its path names in one statement, built once
  // per shape and prepared. With the query's pairs it is planned once: the pairs' index finds the few
  // units that hold them, then the scope narrows them, whatever the values. (Without, the scope's
  // own index may serve a small subtree better: planned for the values, as usual.)
  const plan = pairs ? 'once' : undefined;
  const rows = await builtStatement(
    db,
    `orgs.search\n${query.includeInactive}\n${shape}`,
    () =>
      db
        .select({
          ...viewColumns,
          childCount: childCountSql(query.includeInactive),
          total: sql<number>`count(*) over ()`.mapWith(Number),
          pathNames: pathNamesSql,
        })
        .from(units)
        .where(where)
        .orderBy(asc(units.depth), asc(units.sortOrder), asc(units.name))
        .limit(sql.placeholder('limit'))
        .offset(sql.placeholder('offset')),
    { plan },
  ).execute({ ...values.values, limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  const total = await pageTotal(rows[0], query.page, () =>
    builtStatement(
      db,
      `orgs.searchCount\n${shape}`,
      () => db.select({ n: sql<number>`count(*)::int` }).from(units).where(where),
      { plan },
    ).execute(values.values),
  );
  return {
    items: rows.map((row) => ({ ...toView(row), pathNames: row.pathNames ?? '' })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** One unit with its ancestors and counts. */
export async function getUnit({ db, scope }: RequestContext, id: string): Promise<UnitDetail> {
  const row = await findUnitInScope(db, scope, id);
  return detailOf(db, row);
}

async function detailOf(db: DbOrTx, row: UnitRow): Promise<UnitDetail> {
  const ancestorIds = idsOfPath(row.path).slice(0, -1);
  // Counts and ancestor names in one round trip.
  const [extra] = await queryRows<{ childCount: number; descendantCount: number; ancestors: unknown }>(
    db,
    sql`select
      (select count(*)::int from units c where c.parent_id = ${row.id} and c.active) as "childCount",
      (select count(*)::int from units d where d.path like ${`${escapeLike(row.path)}%`} and d.id <> ${row.id}) as "descendantCount",
      ${
        ancestorIds.length
          ? sql`(select json_agg(json_build_object('id', a.id, 'name', a.name)) from units a where a.id in ${ancestorIds})`
          : sql`null`
      } as ancestors`,
  );
  const counts = extra;
  const ancestorRows = (
    typeof extra?.ancestors === 'string' ? JSON.parse(extra.ancestors) : (extra?.ancestors ?? [])
  ) as Array<{ id: string; name: string }>;
  const ancestorNames = new Map(ancestorRows.map((a) => [a.id, a.name]));
  const ancestors = ancestorIds.map((id) => ({ id, name: ancestorNames.get(id) ?? '?' }));
  return {
    ...toView({ ...row, childCount: Number(counts?.childCount ?? 0) }),
    ancestors,
    pathNames: [...ancestors.map((a) => a.name), row.name].join('/'),
    descendantCount: Number(counts?.descendantCount ?? 0),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deactivatedAt: row.deactivatedAt,
    deactivationReason: row.deactivationReason,
  };
}

async function assertNameFree(db: DbOrTx, parentId: string, name: string, exceptId?: string): Promise<void> {
  const [clash] = await db
    .select({ id: units.id })
    .from(units)
    .where(
      and(
        eq(units.parentId, parentId),
        eq(units.name, name),
        eq(units.active, true),
        exceptId ? sql`${units.id} <> ${exceptId}` : undefined,
      ),
    )
    .limit(1);
  if (clash) throw new AppError('ORGS_DUPLICATE_NAME', { params: { name } });
}

function assertNesting(parent: Pick<UnitRow, 'type'>, childType: string): void {
  if (!unitType(childType)) {
    throw new AppError('VALIDATION_FAILED', {
      params: { summary: `类型：“${childType}”不是有效的单位类型` },
      details: [{ path: 'type', message: `类型：“${childType}”不是有效的单位类型，请从列表中选择` }],
    });
  }
  if (!canNest(parent.type, childType)) {
    throw new AppError('ORGS_TYPE_NOT_ALLOWED', {
      params: { parentType: unitTypeName(parent.type), childType: unitTypeName(childType) },
    });
  }
}

/** The sort position after a parent's last child, so new units appear at the end of the list. */
export async function nextSortOrder(db: DbOrTx, parentId: string): Promise<number> {
  const [row] = await db
    .select({ max: sql<number | null>`max(${units.sortOrder})` })
    .from(units)
    .where(eq(units.parentId, parentId));
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

/** Values of a new unit under a known parent; shared by the form and the Excel import. */
export function newUnitValues(
  parent: Pick<UnitRow, 'path' | 'depth' | 'bannerId' | 'id' | 'type'>,
  input: { name: string; shortName?: string | null; type: string; code?: string | null },
  sortOrder = 0,
) {
  const id = randomUUID();
  return {
    sortOrder,
    id,
    parentId: parent.id,
    bannerId: parent.type === 'banner' ? parent.id : parent.bannerId,
    name: input.name,
    shortName: input.shortName || null,
    type: input.type,
    code: input.code || null,
    path: `${parent.path}${id}/`,
    depth: parent.depth + 1,
    pinyin: pinyinKey(input.name),
  };
}

/** Creates a unit under a parent in the actor's scope. */
export async function createUnit(ctx: RequestContext, input: CreateUnitInput): Promise<UnitDetail> {
  return ctx.db.transaction(async (tx) => {
    const parent = await findUnitInScope(tx, ctx.scope, input.parentId).catch(() => {
      throw new AppError('ORGS_PARENT_NOT_FOUND');
    });
    if (!parent.active) throw new AppError('ORGS_PARENT_INACTIVE', { params: { name: parent.name } });
    assertNesting(parent, input.type);
    // One look at the siblings answers both: is the name taken, and where does the new unit go.
    const [siblings] = await tx
      .select({
        taken: sql<boolean>`coalesce(bool_or(${units.name} = ${input.name} and ${units.active}), false)`,
        maxSort: sql<number | null>`max(${units.sortOrder})`,
      })
      .from(units)
      .where(eq(units.parentId, parent.id));
    if (siblings?.taken) throw new AppError('ORGS_DUPLICATE_NAME', { params: { name: input.name } });
    const sortOrder =
      siblings?.maxSort === null || siblings?.maxSort === undefined ? 0 : Number(siblings.maxSort) + 1;
    const [row] = await tx
      .insert(units)
      .values(newUnitValues(parent, input, sortOrder))
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'unit',
      entityId: row!.id,
      action: 'create',
      after: row,
    });
    return detailOf(tx, row!);
  });
}

/** Edits a unit's name, short name, type or code. */
export async function updateUnit(
  ctx: RequestContext,
  id: string,
  input: UpdateUnitInput,
): Promise<UnitDetail> {
  return ctx.db.transaction(async (tx) => {
    const before = await findUnitInScope(tx, ctx.scope, id);
    const [parent] = before.parentId
      ? await tx.select().from(units).where(eq(units.id, before.parentId))
      : [];
    if (input.type && input.type !== before.type) {
      if (parent) assertNesting(parent, input.type);
      else if (!canNest(null, input.type)) {
        throw new AppError('ORGS_TYPE_NOT_ALLOWED', {
          params: { parentType: '（无）', childType: unitTypeName(input.type) },
        });
      }
      const children = await tx
        .selectDistinct({ type: units.type })
        .from(units)
        .where(eq(units.parentId, id));
      for (const child of children) assertNesting({ type: input.type }, child.type);
    }
    if (input.name && input.name !== before.name && before.parentId)
      await assertNameFree(tx, before.parentId, input.name, id);
    const changes = {
      ...(input.name !== undefined && { name: input.name, pinyin: pinyinKey(input.name) }),
      ...(input.shortName !== undefined && { shortName: input.shortName || null }),
      ...(input.type !== undefined && { type: input.type }),
      ...(input.code !== undefined && { code: input.code || null }),
      updatedAt: new Date().toISOString(),
    };
    const [after] = await tx.update(units).set(changes).where(eq(units.id, id)).returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'unit',
      entityId: id,
      action: 'update',
      before,
      after,
    });
    return detailOf(tx, after!);
  });
}

/**
 * Moves a unit and its whole subtree under a new parent: every descendant's path and depth are
 * rewritten in one statement inside one transaction.
 */
export async function moveUnit(ctx: RequestContext, id: string, newParentId: string): Promise<UnitDetail> {
  return ctx.db.transaction(async (tx) => {
    const unit = await findUnitInScope(tx, ctx.scope, id);
    if (!unit.parentId || ctx.scope.paths.includes(unit.path)) throw new AppError('ORGS_MOVE_ROOT');
    const parent = await findUnitInScope(tx, ctx.scope, newParentId).catch(() => {
      throw new AppError('ORGS_PARENT_NOT_FOUND');
    });
    if (parent.path.startsWith(unit.path)) throw new AppError('ORGS_MOVE_INTO_ITSELF');
    if (!parent.active) throw new AppError('ORGS_PARENT_INACTIVE', { params: { name: parent.name } });
    if (parent.id === unit.parentId) return detailOf(tx, unit);
    assertNesting(parent, unit.type);
    await assertNameFree(tx, parent.id, unit.name, unit.id);
    const newPath = `${parent.path}${unit.id}/`;
    const depthDelta = parent.depth + 1 - unit.depth;
    const bannerId = parent.type === 'banner' ? parent.id : parent.bannerId;
    await tx.execute(sql`
      update units set
        path = ${newPath} || substr(path, ${unit.path.length + 1}),
        depth = depth + ${depthDelta},
        banner_id = case when type = 'banner' then id else ${bannerId}::uuid end,
        updated_at = now()
      where path like ${`${escapeLike(unit.path)}%`}`);
    const [moved] = await tx
      .update(units)
      .set({ parentId: parent.id })
      .where(eq(units.id, unit.id))
      .returning();
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(units)
      .where(sql`${units.path} like ${`${escapeLike(newPath)}%`}`);
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'unit',
      entityId: unit.id,
      action: 'move',
      before: { parentId: unit.parentId, path: unit.path },
      after: { parentId: parent.id, path: newPath, movedUnits: Number(n) },
    });
    return detailOf(tx, moved!);
  });
}

/** Deactivates a unit with a reason; units are never deleted because records refer to them. */
export async function deactivateUnit(ctx: RequestContext, id: string, reason: string): Promise<UnitDetail> {
  return ctx.db.transaction(async (tx) => {
    const unit = await findUnitInScope(tx, ctx.scope, id);
    if (!unit.active) throw new AppError('ORGS_ALREADY_INACTIVE');
    if (ctx.scope.paths.includes(unit.path)) throw new AppError('FORBIDDEN');
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(units)
      .where(and(eq(units.parentId, id), eq(units.active, true)));
    if (Number(n) > 0) throw new AppError('ORGS_HAS_ACTIVE_CHILDREN', { params: { count: Number(n) } });
    const [after] = await tx
      .update(units)
      .set({
        active: false,
        deactivatedAt: new Date().toISOString(),
        deactivatedBy: ctx.actor.userId,
        deactivationReason: reason,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(units.id, id))
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'unit',
      entityId: id,
      action: 'deactivate',
      before: { active: true },
      after: { active: false, reason },
    });
    return detailOf(tx, after!);
  });
}

/** Reactivates a deactivated unit whose parent is active. */
export async function reactivateUnit(ctx: RequestContext, id: string): Promise<UnitDetail> {
  return ctx.db.transaction(async (tx) => {
    const unit = await findUnitInScope(tx, ctx.scope, id);
    if (unit.active) throw new AppError('ORGS_ALREADY_ACTIVE');
    if (unit.parentId) {
      const [parent] = await tx.select().from(units).where(eq(units.id, unit.parentId));
      if (parent && !parent.active)
        throw new AppError('ORGS_PARENT_INACTIVE', { params: { name: parent.name } });
      await assertNameFree(tx, unit.parentId, unit.name, unit.id);
    }
    const [after] = await tx
      .update(units)
      .set({
        active: true,
        deactivatedAt: null,
        deactivatedBy: null,
        deactivationReason: null,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(units.id, id))
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'unit',
      entityId: id,
      action: 'reactivate',
      before: { active: false, reason: unit.deactivationReason },
      after: { active: true },
    });
    return detailOf(tx, after!);
  });
}

/** Whether a path is inside the scope; re-exported for other modules through index.ts. */
export { pathInScope };
