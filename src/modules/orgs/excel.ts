import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import type { DbOrTx } from '../../platform/db';
import { defineImport, type ImportError, sendXlsx, templateRoute, uploadRoute } from '../../platform/excel';
import type { RequestContext } from '../../platform/http/context';
import { escapeLike, pathCondition, type Scope } from '../../platform/scope';
import type { SearchQuery } from './contract';
import { units } from './schema';
import { newUnitValues, nextSortOrder, pathNamesOf } from './service';
import { canNest, unitType, unitTypeByName, unitTypeName, unitTypes } from './unitTypes';

/** Normalises a unit path typed by a person: full-width slashes, stray spaces, trailing slash. */
export function normalisePath(text: string): string {
  return text
    .replace(/／/g, '/')
    .split('/')
    .map((part) => part.trim())
    .filter(Boolean)
    .join('/');
}

interface KnownUnit {
  id: string | null;
  type: string;
  active: boolean;
}

/** Every unit in scope keyed by its full name path ("某旗/某苏木/某嘎查"). */
async function unitsByPathName(db: DbOrTx, scope: Scope) {
  const rows = await db
    .select({
      id: units.id,
      type: units.type,
      active: units.active,
      path: units.path,
      depth: units.depth,
      bannerId: units.bannerId,
    })
    .from(units)
    .where(pathCondition(scope, units.path));
  const names = await pathNamesOf(
    db,
    rows.map((r) => r.path),
  );
  return new Map(rows.map((r) => [names.get(r.path)!, r]));
}

const typeList = unitTypes.map((t) => t.name).join('、');

/** The organisation-tree import: parent given by its full path; rows may build on rows above them. */
export const unitImport = defineImport({
  kind: 'orgs.units',
  title: '组织架构导入',
  permission: 'orgs.write',
  columns: [
    {
      key: 'parentPath',
      header: '上级单位路径',
      required: true,
      example: '哈日乌拉旗/巴彦呼舒镇',
      note: '从最上级单位写起的完整路径，用“/”分隔；可以是本文件前面行新建的单位',
      width: 40,
    },
    { key: 'name', header: '单位名称', required: true, example: '新建嘎查', width: 24 },
    { key: 'shortName', header: '简称', width: 12 },
    {
      key: 'type',
      header: '类型',
      required: true,
      example: '嘎查（村）',
      note: `可填：${typeList}`,
      width: 16,
    },
    { key: 'code', header: '代码', note: '统一社会信用代码或区划代码，可不填', width: 22 },
  ],
  async validate(ctx, rows, report) {
    const errors: ImportError[] = [];
    const known = new Map<string, KnownUnit>(await unitsByPathName(ctx.db, ctx.scope));
    rows.forEach((row, index) => {
      const error = (field: string, message: string) => errors.push({ row: row.row, field, message });
      const parentPath = normalisePath(row.values.parentPath ?? '');
      const name = (row.values.name ?? '').trim();
      const parent = known.get(parentPath);
      const type = unitTypeByName(row.values.type ?? '');
      if (!parent) {
        error(
          '上级单位路径',
          `“${row.values.parentPath}”不存在或不在您的管理范围内，请填写完整路径（如 哈日乌拉旗/巴彦呼舒镇），新建的上级单位须写在前面的行`,
        );
      } else if (!parent.active) {
        error('上级单位路径', `“${parentPath}”已停用，不能在其下新建单位`);
      }
      if (name.length > 100) error('单位名称', '不能超过 100 个字');
      if (name.includes('/')) error('单位名称', '不能包含“/”');
      if (!type) error('类型', `“${row.values.type}”不是有效类型，可填：${typeList}`);
      else if (parent && !canNest(parent.type, type.key)) {
        error('类型', `“${unitTypeName(parent.type)}”下不能设立“${type.name}”，请检查上级单位或类型`);
      }
      if ((row.values.code ?? '') && !/^[0-9A-Za-z-]{1,32}$/.test(row.values.code ?? '')) {
        error('代码', '只能包含字母、数字和短横线，最长 32 位');
      }
      const fullPath = `${parentPath}/${name}`;
      if (parent && name && known.has(fullPath))
        error('单位名称', `“${parentPath}”下已有“${name}”，请勿重复导入`);
      else if (parent && name && type) known.set(fullPath, { id: null, type: type.key, active: true });
      if (index % 500 === 0) report(index);
    });
    report(rows.length);
    return errors;
  },
  async commit(tx, ctx, rows, report) {
    const existing = await unitsByPathName(tx, ctx.scope);
    const created = new Map<string, ReturnType<typeof newUnitValues>>();
    const values: ReturnType<typeof newUnitValues>[] = [];
    const sortOrders = new Map<string, number>();
    for (const row of rows) {
      const parentPath = normalisePath(row.values.parentPath ?? '');
      const parent = created.get(parentPath) ?? existing.get(parentPath);
      if (!parent) throw new Error(`row ${row.row}: parent vanished after validation`);
      const type = unitTypeByName(row.values.type ?? '')!;
      const sortOrder = sortOrders.get(parent.id) ?? (await nextSortOrder(tx, parent.id));
      sortOrders.set(parent.id, sortOrder + 1);
      const unit = newUnitValues(
        { ...parent, bannerId: parent.bannerId ?? null },
        {
          name: row.values.name!.trim(),
          shortName: row.values.shortName,
          type: type.key,
          code: row.values.code,
        },
        sortOrder,
      );
      created.set(`${parentPath}/${unit.name}`, unit);
      values.push(unit);
    }
    for (let i = 0; i < values.length; i += 500) {
      await tx.insert(units).values(values.slice(i, i + 500));
      report(Math.min(values.length, i + 500));
    }
    await recordAudit(
      tx,
      auditActorOf(ctx.actor),
      values.map((unit) => ({ entity: 'unit', entityId: unit.id, action: 'import', after: unit })),
    );
    return { created: values.length, updated: 0 };
  },
});

/** Mounts the template download and the upload of the unit import. */
export function registerUnitImport(app: FastifyInstance): void {
  templateRoute(app, { url: '/api/orgs/import/template', def: unitImport });
  uploadRoute(app, { url: '/api/orgs/import', def: unitImport });
}

/** Streams every unit matching the list filters to an Excel file, in the import template's columns. */
export async function exportUnits(
  { db, scope }: RequestContext,
  query: Omit<SearchQuery, 'page' | 'pageSize'>,
  reply: FastifyReply,
) {
  const conditions = [pathCondition(scope, units.path)];
  if (!query.includeInactive) conditions.push(eq(units.active, true));
  if (query.type) conditions.push(eq(units.type, query.type));
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    conditions.push(sql`(lower(${units.name}) like ${like} or ${units.pinyin} like ${like})`);
  }
  const rows = await db
    .select()
    .from(units)
    .where(and(...conditions))
    .orderBy(asc(units.depth), asc(units.sortOrder), asc(units.name));
  const names = await pathNamesOf(
    db,
    rows.map((r) => r.path),
  );
  return sendXlsx(reply, {
    fileName: '组织架构.xlsx',
    sheetName: '组织架构',
    columns: [
      { key: 'parentPath', header: '上级单位路径', width: 40 },
      { key: 'name', header: '单位名称', width: 24 },
      { key: 'shortName', header: '简称', width: 12 },
      { key: 'type', header: '类型', width: 16 },
      { key: 'code', header: '代码', width: 22 },
      { key: 'status', header: '状态', width: 8 },
      { key: 'reason', header: '停用原因', width: 24 },
    ],
    rows: rows.map((r) => {
      const full = names.get(r.path) ?? r.name;
      return {
        parentPath: full.split('/').slice(0, -1).join('/'),
        name: r.name,
        shortName: r.shortName ?? '',
        type: unitType(r.type)?.name ?? r.type,
        code: r.code ?? '',
        status: r.active ? '正常' : '已停用',
        reason: r.deactivationReason ?? '',
      };
    }),
  });
}
