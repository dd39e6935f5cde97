import path from 'node:path';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import type { DbOrTx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import {
  defineImport,
  type ImportError,
  MAX_UPLOAD_MB,
  type ParsedRow,
  sendXlsx,
  startImport,
} from '../../platform/excel';
import type { RequestContext } from '../../platform/http/context';
import { scopeOf } from '../../platform/scope';
import { unitTypeName } from '../orgs';
import {
  centerStatusNames,
  type ListCentersQuery,
  phoneNumber,
  type serviceChannels,
  timeLimitKindNames,
  upgradeStatusNames,
} from './contract';
import { centerServiceItems, serviceCenters } from './schema';
import { itemValues, liveItems } from './serviceItems';
import { centersForExport, findCenterInScope } from './service';
import { asPercent } from './progress';

const channelByName = new Map<string, (typeof serviceChannels)[number]>([
  ['现场', 'onSite'],
  ['现场办理', 'onSite'],
  ['代办', 'proxy'],
  ['网办', 'online'],
  ['网上办理', 'online'],
  ['网上', 'online'],
]);
const channelShort: Record<(typeof serviceChannels)[number], string> = {
  onSite: '现场',
  proxy: '代办',
  online: '网办',
};

/** Splits a cell listing several values ("身份证；户口簿" or one per line). */
export function splitList(text: string): string[] {
  return text
    .split(/[；;\n\r]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Reads "现场、代办/网办" into channel keys; unknown words are returned apart. */
export function parseChannels(text: string): {
  channels: (typeof serviceChannels)[number][];
  unknown: string[];
} {
  const channels = new Set<(typeof serviceChannels)[number]>();
  const unknown: string[] = [];
  for (const word of text.split(/[、,，/；;\s]+/).filter(Boolean)) {
    const key = channelByName.get(word);
    if (key) channels.add(key);
    else unknown.push(word);
  }
  return { channels: [...channels], unknown };
}

type ItemColumn =
  | 'name'
  | 'department'
  | 'eligibility'
  | 'materials'
  | 'timeLimitDays'
  | 'timeLimitKind'
  | 'fee'
  | 'channels'
  | 'contactPhone'
  | 'published';

/** The input of one valid row. */
function inputOf(values: Record<ItemColumn, string>) {
  return {
    name: values.name.trim(),
    department: values.department,
    eligibility: values.eligibility,
    materials: splitList(values.materials),
    timeLimitDays: values.timeLimitDays === '' ? null : Number(values.timeLimitDays),
    timeLimitKind: values.timeLimitKind === '自然日' ? ('calendar' as const) : ('working' as const),
    fee: values.fee || '免费',
    channels: parseChannels(values.channels).channels,
    contactPhone: values.contactPhone,
    published: values.published !== '否',
  };
}

/** The centre an import job belongs to: its scope is narrowed to exactly that centre's unit at upload. */
async function centreOfImport(db: DbOrTx, scope: RequestContext['scope']) {
  const [unitPath] = scope.paths;
  if (scope.paths.length !== 1 || !unitPath) throw new AppError('CENTERS_IMPORT_SCOPE');
  const [row] = await db
    .select({ id: serviceCenters.id })
    .from(serviceCenters)
    .where(sql`${serviceCenters.unitId} = (select u.id from units u where u.path = ${unitPath})`);
  if (!row) throw new AppError('CENTERS_IMPORT_SCOPE');
  return row;
}

/**
 * The import of one centre's 便民服务事项清单: rows are matched to existing items by name (updated) or
 * added at the end; every row is checked first and nothing is written while any row is wrong.
 */
export const serviceItemImport = defineImport({
  kind: 'centers.serviceItems',
  title: '便民服务事项导入',
  permission: 'centers.write',
  maxRows: 500,
  columns: [
    { key: 'name', header: '事项名称', required: true, example: '城乡居民养老保险参保登记', width: 28 },
    { key: 'department', header: '责任部门', example: '旗社会保险事业管理局', width: 20 },
    { key: 'eligibility', header: '申请对象', example: '年满16周岁的城乡居民', width: 24 },
    {
      key: 'materials',
      header: '申请材料',
      example: '居民身份证；户口簿',
      note: '多项材料用“；”分隔，或在单元格内换行',
      width: 36,
    },
    {
      key: 'timeLimitDays',
      header: '办理时限（天）',
      example: '5',
      note: '填天数（0–365 的整数）；即时办结填 0 或留空',
      width: 14,
    },
    { key: 'timeLimitKind', header: '时限类型', options: ['工作日', '自然日'], example: '工作日', width: 10 },
    { key: 'fee', header: '收费标准', example: '免费', note: '留空即为“免费”', width: 12 },
    {
      key: 'channels',
      header: '办理渠道',
      required: true,
      example: '现场、代办',
      note: '可填：现场、代办、网办，多个用“、”分隔',
      width: 16,
    },
    { key: 'contactPhone', header: '咨询电话', example: '0482-1234567', width: 16 },
    {
      key: 'published',
      header: '是否公开',
      options: ['是', '否'],
      example: '是',
      note: '留空即为“是”',
      width: 10,
    },
  ],
  async validate(ctx, rows, report) {
    await centreOfImport(ctx.db, ctx.scope);
    const errors: ImportError[] = [];
    const firstRowOf = new Map<string, number>();
    for (const [index, row] of rows.entries()) {
      const error = (field: string, message: string) => errors.push({ row: row.row, field, message });
      const v = row.values as Record<ItemColumn, string>;
      const name = v.name.trim();
      if (name.length > 100) error('事项名称', '不能超过 100 个字');
      const first = firstRowOf.get(name);
      if (first) error('事项名称', `与第 ${first} 行重复，请删除其中一行`);
      else firstRowOf.set(name, row.row);
      if (v.department.length > 100) error('责任部门', '不能超过 100 个字');
      if (v.eligibility.length > 300) error('申请对象', '不能超过 300 个字');
      const materials = splitList(v.materials);
      if (materials.length > 30) error('申请材料', '最多 30 项，请合并或精简');
      if (materials.some((m) => m.length > 200)) error('申请材料', '每项材料不能超过 200 个字');
      if (v.timeLimitDays !== '' && !/^\d{1,3}$/.test(v.timeLimitDays)) {
        error('办理时限（天）', `“${v.timeLimitDays}”不是天数，请填 0–365 的整数`);
      } else if (Number(v.timeLimitDays) > 365) {
        error('办理时限（天）', '不能超过 365 天');
      }
      if (v.fee.length > 100) error('收费标准', '不能超过 100 个字');
      const channels = parseChannels(v.channels);
      if (channels.unknown.length > 0) {
        error('办理渠道', `“${channels.unknown.join('、')}”不是有效渠道，可填：现场、代办、网办`);
      } else if (channels.channels.length === 0) {
        error('办理渠道', '请至少填写一种：现场、代办、网办');
      }
      if (v.contactPhone !== '' && !phoneNumber.safeParse(v.contactPhone).success) {
        error('咨询电话', `“${v.contactPhone}”不是有效电话，请填写 11 位手机号或带区号的固定电话`);
      }
      if (index % 100 === 0) report(index);
    }
    report(rows.length);
    return errors;
  },
  async commit(tx, ctx, rows, report) {
    const centre = await centreOfImport(tx, ctx.scope);
    const existing = new Map((await liveItems(tx, centre.id)).map((item) => [item.name, item]));
    let sortOrder = Math.max(-1, ...[...existing.values()].map((item) => item.sortOrder)) + 1;
    const audits = [];
    let created = 0;
    let updated = 0;
    for (const [index, row] of (rows as ParsedRow<ItemColumn>[]).entries()) {
      const values = itemValues(inputOf(row.values));
      const before = existing.get(values.name);
      if (before) {
        const [after] = await tx
          .update(centerServiceItems)
          .set({ ...values, updatedAt: new Date().toISOString() })
          .where(eq(centerServiceItems.id, before.id))
          .returning();
        audits.push({ entity: 'centerServiceItem', entityId: before.id, action: 'import', before, after });
        updated += 1;
      } else {
        const [after] = await tx
          .insert(centerServiceItems)
          .values({ ...values, centerId: centre.id, sortOrder: sortOrder++ })
          .returning();
        audits.push({ entity: 'centerServiceItem', entityId: after!.id, action: 'import', after });
        created += 1;
      }
      report(index + 1);
    }
    await recordAudit(tx, auditActorOf(ctx.actor), audits);
    return { created, updated };
  },
});

/**
 * Starts the import of one centre's items: the job's scope is narrowed to the centre's unit, so
 * validation and commit (which re-checks the actor's scope) both know which centre the rows are for.
 */
export async function uploadServiceItems(ctx: RequestContext, centerId: string, request: FastifyRequest) {
  const centre = await findCenterInScope(ctx.db, ctx.scope, centerId);
  if (!request.isMultipart()) throw new AppError('IMPORT_NO_FILE');
  const file = await request.file({ limits: { fileSize: MAX_UPLOAD_MB * 1024 * 1024, files: 1 } });
  if (file?.fieldname !== 'file' || !file.filename) {
    file?.file.resume();
    throw new AppError('IMPORT_NO_FILE');
  }
  if (!/\.xlsx$/i.test(file.filename)) {
    file.file.resume();
    throw new AppError('IMPORT_BAD_FILE');
  }
  let buffer: Buffer;
  try {
    buffer = await file.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError('IMPORT_FILE_TOO_BIG', { params: { mb: MAX_UPLOAD_MB } });
    throw error;
  }
  if (buffer.length < 4 || buffer.readUInt32LE(0) !== 0x04034b50) throw new AppError('IMPORT_BAD_FILE');
  return startImport({
    ctx: { ...ctx, scope: scopeOf([centre.unitPath]) },
    def: serviceItemImport,
    fileName: path.basename(file.filename.replace(/\\/g, '/')),
    buffer,
  });
}

/** Streams one centre's items in the import template's columns, so an export can be edited and re-imported. */
export async function exportServiceItems(ctx: RequestContext, centerId: string, reply: FastifyReply) {
  const centre = await findCenterInScope(ctx.db, ctx.scope, centerId);
  const items = await ctx.db
    .select()
    .from(centerServiceItems)
    .where(and(eq(centerServiceItems.centerId, centre.id), isNull(centerServiceItems.removedAt)))
    .orderBy(centerServiceItems.sortOrder);
  return sendXlsx(reply, {
    fileName: `${centre.name}便民服务事项.xlsx`,
    sheetName: '便民服务事项',
    columns: serviceItemImport.columns.map((c) => ({ key: c.key, header: c.header, width: c.width })),
    rows: items.map((item) => ({
      name: item.name,
      department: item.department,
      eligibility: item.eligibility,
      materials: item.materials.join('；'),
      timeLimitDays: item.timeLimitDays ?? '',
      timeLimitKind: timeLimitKindNames[item.timeLimitKind as 'working'] ?? '工作日',
      fee: item.fee,
      channels: item.channels.map((c) => channelShort[c as 'onSite'] ?? c).join('、'),
      contactPhone: item.contactPhone,
      published: item.published ? '是' : '否',
    })),
  });
}

/** Streams every centre matching the list filters, with progress and item counts. */
export async function exportCenters(
  ctx: RequestContext,
  query: Omit<ListCentersQuery, 'page' | 'pageSize'>,
  reply: FastifyReply,
) {
  const rows = await centersForExport(ctx, query);
  return sendXlsx(reply, {
    fileName: '党群服务中心.xlsx',
    sheetName: '党群服务中心',
    columns: [
      { key: 'unitPath', header: '所属单位', width: 36 },
      { key: 'unitType', header: '单位类型', width: 10 },
      { key: 'name', header: '中心名称', width: 28 },
      { key: 'address', header: '地址', width: 30 },
      { key: 'areaSqm', header: '面积（平方米）', width: 12 },
      { key: 'openingHours', header: '开放时间', width: 28 },
      { key: 'rooms', header: '功能室', width: 36 },
      { key: 'staffCount', header: '工作人员数', width: 10 },
      { key: 'status', header: '状态', width: 12 },
      { key: 'upgradeStatus', header: '提档升级', width: 12 },
      { key: 'progress', header: '达标进度（%）', width: 12 },
      { key: 'meets', header: '是否达标', width: 10 },
      { key: 'lastAssessedOn', header: '最近评估日期', width: 14 },
      { key: 'itemCount', header: '便民服务事项数', width: 14 },
      { key: 'publishedItemCount', header: '已公开事项数', width: 12 },
    ],
    rows: rows.map(({ view, row }) => ({
      unitPath: view.unitPathNames,
      unitType: unitTypeName(view.unitType),
      name: view.name,
      address: view.address,
      areaSqm: view.areaSqm,
      openingHours: view.openingHours,
      rooms: row.rooms.map((room) => room.name).join('、'),
      staffCount: row.staff.length,
      status: centerStatusNames[view.status],
      upgradeStatus: upgradeStatusNames[view.upgradeStatus],
      progress: asPercent(view.progress.share) ?? '未评估',
      meets: view.progress.meetsStandard ? '是' : '否',
      lastAssessedOn: view.progress.lastAssessedOn ?? '',
      itemCount: view.itemCount,
      publishedItemCount: view.publishedItemCount,
    })),
  });
}
