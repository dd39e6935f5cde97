// Excel import and export of households: one row per household, the grid named by its code; the same
// columns both ways, so an export can be edited and imported again (matched by grid, address and head).
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { auditActorOf } from '../../../platform/auth/service';
import { recordAudit } from '../../../platform/audit/writer';
import type { DbOrTx } from '../../../platform/db';
import {
  defineImport,
  type ImportError,
  type ParsedRow,
  sendXlsx,
  templateRoute,
  uploadRoute,
} from '../../../platform/excel';
import type { RequestContext } from '../../../platform/http/context';
import { pathCondition, pathInScope, type Scope } from '../../../platform/scope';
import { units } from '../../orgs';
import { grids, households } from '../schema';
import {
  type CareCategory,
  careCategoryNames,
  type HouseholdInput,
  type ListHouseholdsQuery,
  mobilePhone,
} from './contract';
import { householdsForExport, insertHousehold, writeHouseholdUpdate } from './service';

const careByName = new Map<string, CareCategory>(
  Object.entries(careCategoryNames).map(([key, name]) => [name, key as CareCategory]),
);

/** Splits a list cell ("低保、残疾" or one per line). */
const splitList = (text: string) =>
  text
    .split(/[、,，；;\n\r]+/)
    .map((part) => part.trim())
    .filter(Boolean);

/** Reads "王芳（配偶）；王小明（子女）" into members; a name without brackets has no relation. */
export function parseMembers(text: string): Array<{ name: string; relation: string }> {
  return text
    .split(/[；;\n\r]+/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(.+?)[（(](.*)[)）]$/.exec(part);
      return match ? { name: match[1]!.trim(), relation: match[2]!.trim() } : { name: part, relation: '' };
    });
}

type Column = 'gridCode' | 'address' | 'headName' | 'phone' | 'members' | 'care' | 'note';

async function gridsByCode(db: DbOrTx, scope: Scope, codes: string[]) {
  if (codes.length === 0) return new Map<string, { id: string; path: string }>();
  const rows = await db
    .select({ id: grids.id, code: grids.code, path: units.path })
    .from(grids)
    .innerJoin(units, eq(units.id, grids.unitId))
    .where(and(inArray(grids.code, codes), eq(grids.active, true), pathCondition(scope, units.path)));
  return new Map(rows.map((r) => [r.code, { id: r.id, path: r.path }]));
}

/** A phone as an export shows it to a viewer without grid.readSensitive (138****5678): left as stored. */
const maskedPhone = /^1\d{2}\*{4}\d{4}$/;

/** The household a row describes; a masked phone keeps the stored one. */
function inputOf(gridId: string, v: Record<Column, string>): HouseholdInput {
  return {
    gridId,
    address: v.address,
    headName: v.headName,
    headPersonId: null,
    members: parseMembers(v.members).map((m) => ({ ...m, personId: null })),
    phone: maskedPhone.test(v.phone) ? undefined : v.phone,
    careCategories: splitList(v.care).map((name) => careByName.get(name)!),
    note: v.note,
  };
}

export const householdImport = defineImport({
  kind: 'grid.households',
  title: '网格住户导入',
  permission: 'grid.write',
  columns: [
    { key: 'gridCode', header: '网格编码', required: true, example: 'G0101-01', width: 14 },
    { key: 'address', header: '住址', required: true, example: '乌兰嘎查二组 12 号', width: 30 },
    { key: 'headName', header: '户主姓名', required: true, example: '巴特尔', width: 12 },
    { key: 'phone', header: '联系电话', example: '13800000000', note: '11 位手机号，可留空', width: 14 },
    {
      key: 'members',
      header: '家庭成员',
      example: '其其格（配偶）；巴雅尔（子女）',
      note: '“姓名（与户主关系）”，多人用“；”分隔',
      width: 36,
    },
    {
      key: 'care',
      header: '关爱类别',
      example: '高龄',
      note: `可填：${Object.values(careCategoryNames).join('、')}，多个用“、”分隔；属敏感信息`,
      width: 18,
    },
    { key: 'note', header: '备注', width: 20 },
  ],
  async validate(ctx, rows, report) {
    const errors: ImportError[] = [];
    const known = await gridsByCode(ctx.db, ctx.scope, [...new Set(rows.map((r) => r.values.gridCode))]);
    for (const [index, row] of (rows as ParsedRow<Column>[]).entries()) {
      const error = (field: string, message: string) => errors.push({ row: row.row, field, message });
      const v = row.values;
      if (!known.has(v.gridCode)) error('网格编码', `“${v.gridCode}”不是您管理范围内的网格编码，请核对`);
      if (v.address.length > 120) error('住址', '不能超过 120 个字');
      if (v.headName.length > 40) error('户主姓名', '不能超过 40 个字');
      if (v.phone !== '' && !maskedPhone.test(v.phone) && !mobilePhone.safeParse(v.phone).success)
        error('联系电话', `“${v.phone}”不是 11 位手机号`);
      const members = parseMembers(v.members);
      if (members.length > 30) error('家庭成员', '最多 30 人');
      if (members.some((m) => m.name.length > 40 || m.relation.length > 20))
        error('家庭成员', '姓名不能超过 40 个字，关系不能超过 20 个字');
      const unknown = splitList(v.care).filter((name) => !careByName.has(name));
      if (unknown.length > 0)
        error(
          '关爱类别',
          `“${unknown.join('、')}”不是有效类别，可填：${Object.values(careCategoryNames).join('、')}`,
        );
      if (v.note.length > 500) error('备注', '不能超过 500 个字');
      if (index % 200 === 0) report(index);
    }
    report(rows.length);
    return errors;
  },
  async commit(tx, ctx, rows, report) {
    const typed = rows as ParsedRow<Column>[];
    const known = await gridsByCode(tx, ctx.scope, [...new Set(typed.map((r) => r.values.gridCode))]);
    const existing = await tx
      .select({
        id: households.id,
        gridId: households.gridId,
        address: households.address,
        head: households.headName,
      })
      .from(households)
      .where(
        and(
          inArray(
            households.gridId,
            [...known.values()].map((g) => g.id),
          ),
          eq(households.active, true),
        ),
      );
    const byKey = new Map(existing.map((h) => [`${h.gridId}|${h.address}|${h.head}`, h.id]));
    let created = 0;
    let updated = 0;
    for (const [index, row] of typed.entries()) {
      const grid = known.get(row.values.gridCode)!;
      const input = inputOf(grid.id, row.values);
      const key = `${input.gridId}|${input.address}|${input.headName}`;
      const id = byKey.get(key);
      if (id) {
        // A viewer without grid.readSensitive got no care categories in the export: an update from
        // them leaves the stored ones.
        const seesSensitive = pathInScope(ctx.actor.scopeFor('grid.readSensitive'), grid.path);
        await writeHouseholdUpdate(
          tx,
          ctx,
          id,
          seesSensitive ? input : { ...input, careCategories: undefined },
        );
        updated += 1;
      } else {
        // A second row of the same household in the file updates the one just created.
        byKey.set(key, await insertHousehold(tx, ctx, input));
        created += 1;
      }
      report(index + 1);
    }
    return { created, updated };
  },
});

/** Mounts the template download and upload of the household import. */
export function registerHouseholdImport(app: FastifyInstance): void {
  templateRoute(app, { url: '/api/grid/households/import/template', def: householdImport });
  uploadRoute(app, { url: '/api/grid/households/import', def: householdImport });
}

/**
 * Streams the filtered households in the import's columns; the phone and care categories appear only
 * for holders of grid.readSensitive (masked phone otherwise). The export is audited.
 */
export async function exportHouseholds(
  ctx: RequestContext,
  query: Omit<ListHouseholdsQuery, 'page' | 'pageSize'>,
  reply: FastifyReply,
) {
  const rows = await householdsForExport(ctx, query);
  const codes = new Map(
    (
      await ctx.db
        .select({ id: grids.id, code: grids.code })
        .from(grids)
        .where(
          inArray(grids.id, [...new Set(rows.map((r) => r.gridId)), '00000000-0000-0000-0000-000000000000']),
        )
    ).map((g) => [g.id, g.code]),
  );
  await ctx.db.transaction((tx) =>
    recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'gridHousehold',
      action: 'export',
      after: { ...query, rows: rows.length },
    }),
  );
  return sendXlsx(reply, {
    fileName: '网格住户.xlsx',
    sheetName: '网格住户',
    columns: [
      ...householdImport.columns.map((c) => ({ key: c.key, header: c.header, width: c.width })),
      { key: 'unitName', header: '所属嘎查/社区', width: 16 },
      { key: 'gridName', header: '网格名称', width: 12 },
    ],
    rows: rows.map((h) => ({
      gridCode: codes.get(h.gridId) ?? '',
      address: h.address,
      headName: h.headName,
      phone: h.phone ?? h.phoneMasked ?? '',
      members: h.members.map((m) => (m.relation ? `${m.name}（${m.relation}）` : m.name)).join('；'),
      care: (h.careCategories ?? []).map((key) => careCategoryNames[key as CareCategory] ?? key).join('、'),
      note: h.note,
      unitName: h.unitName,
      gridName: h.gridName,
    })),
  });
}
