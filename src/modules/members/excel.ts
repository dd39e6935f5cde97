import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import { type DbOrTx, insertRows } from '../../platform/db';
import {
  defineImport,
  type ImportContext,
  type ImportError,
  ImportRowsChanged,
  type ParsedRow,
  sendXlsx,
  templateRoute,
  uploadRoute,
} from '../../platform/excel';
import type { RequestContext } from '../../platform/http/context';
import { pinyinKey } from '../../platform/pinyin';
import { pathCondition } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { pathNamesOf, units } from '../orgs';
import { maskIdNumber, parseIdNumber, people, protectIdentity } from '../people';
import type { MemberFilters } from './contract';
import { yearsBetween } from './dates';
import { partySnapshot, recordMemberEvents } from './events';
import { conversionDueDate } from './probation';
import { isMemberUnitType } from './queries';
import { partyMembers } from './schema';
import { membersForExport } from './service';
import { categoryNames, educationByName, educationLevels, educationNames, statusNames } from './vocabulary';

/** Normalises an organisation path typed by a person (same rules as the organisation import). */
function normalisePath(text: string): string {
  return text
    .replace(/／/g, '/')
    .split('/')
    .map((part) => part.trim())
    .filter(Boolean)
    .join('/');
}

interface OrgHit {
  id: string;
  type: string;
  active: boolean;
  bannerId: string | null;
  name: string;
}

/** Units in scope by full name path ("某旗/某苏木/某嘎查/某嘎查党支部"). */
async function unitsInScopeByPath(db: DbOrTx, ctx: ImportContext): Promise<Map<string, OrgHit>> {
  const rows = await db
    .select({
      id: units.id,
      type: units.type,
      active: units.active,
      path: units.path,
      bannerId: units.bannerId,
      name: units.name,
    })
    .from(units)
    .where(pathCondition(ctx.scope, units.path));
  const names = await pathNamesOf(
    db,
    rows.map((r) => r.path),
  );
  return new Map(rows.map((r) => [names.get(r.path)!, r]));
}

/** Of the given full paths, those that name a real unit somewhere (for "outside your scope" messages). */
async function existingPaths(db: DbOrTx, paths: string[]): Promise<Set<string>> {
  const lastNames = [...new Set(paths.map((p) => p.split('/').pop()!))];
  if (lastNames.length === 0) return new Set();
  const rows = await db.select({ path: units.path }).from(units).where(inArray(units.name, lastNames));
  const names = await pathNamesOf(
    db,
    rows.map((r) => r.path),
  );
  const wanted = new Set(paths);
  return new Set([...names.values()].filter((p) => wanted.has(p)));
}

const educationOptions = educationLevels.map((key) => educationNames[key]);

/** The roster import: the Excel list branches keep today; creates the person when new, links when registered. */
export const memberImport = defineImport({
  kind: 'members.roster',
  title: '党员名册导入',
  permission: 'members.write',
  columns: [
    {
      key: 'name',
      header: '姓名',
      required: true,
      example: '张三',
      width: 12,
      schema: z.string().max(50, '不能超过 50 个字'),
    },
    {
      key: 'idNumber',
      header: '身份证号',
      required: true,
      example: '152222198503081234',
      note: '18 位居民身份证号，末位可为 X；已登记的人员自动关联，未登记的自动新建',
      width: 22,
    },
    {
      key: 'gender',
      header: '性别',
      options: ['男', '女'],
      note: '可不填，按身份证号判断；填写时须与身份证号一致',
      width: 8,
    },
    { key: 'ethnicity', header: '民族', example: '蒙古族', note: '填写全称，如 蒙古族、汉族', width: 10 },
    { key: 'education', header: '学历', options: educationOptions, example: '大学本科', width: 12 },
    {
      key: 'joinedOn',
      header: '入党日期',
      required: true,
      type: 'date',
      example: '2015-07-01',
      note: '支部党员大会通过接收为预备党员的日期',
      width: 14,
    },
    {
      key: 'fullOn',
      header: '转正日期',
      type: 'date',
      example: '2016-07-01',
      note: '正式党员填写；预备党员不填（预备期按入党日期起算一年）',
      width: 14,
    },
    {
      key: 'orgPath',
      header: '所在党组织',
      required: true,
      example: '哈日乌拉旗/巴彦呼舒镇/某某嘎查/某某嘎查党支部',
      note: '从最上级单位写起的党组织完整路径，用“/”分隔',
      width: 48,
    },
    { key: 'phone', header: '联系电话', example: '13800000000', width: 16 },
    { key: 'post', header: '党内职务', note: '可不填，如 书记、组织委员', width: 12 },
  ],
  async validate(ctx, rows, report) {
    const checked = await checkRows(ctx.db, ctx, rows);
    report(rows.length);
    return checked.errors;
  },
  // The commit's own check, in its transaction, is the check before the commit.
  checksOnCommit: true,
  async commit(tx, ctx, rows, report) {
    const checked = await checkRows(tx, ctx, rows);
    if (checked.errors.length > 0) throw new ImportRowsChanged(checked.errors);
    const actor = auditActorOf(ctx.actor);
    const newPeople = checked.rows.filter((r) => !r.existingPersonId);
    for (const r of newPeople) r.existingPersonId = randomUUID();
    await insertRows(
      tx,
      people,
      newPeople.map((r) => ({
        id: r.existingPersonId!,
        bannerId: r.unit.bannerId,
        unitId: r.unit.id,
        name: r.name,
        namePinyin: pinyinKey(r.name, { surname: true }),
        ethnicity: r.ethnicity || null,
        ...protectIdentity(ctx.cipher, { idNumber: r.idNumber, phone: r.phone || null }),
      })),
    );
    const members = checked.rows.map((r) => ({
      id: randomUUID(),
      bannerId: r.unit.bannerId,
      personId: r.existingPersonId!,
      unitId: r.unit.id,
      category: r.fullOn ? 'full' : 'probationary',
      status: 'active',
      joinedOn: r.joinedOn,
      fullOn: r.fullOn || null,
      conversionDueOn: r.fullOn ? null : conversionDueDate(r.joinedOn),
      education: r.education ?? null,
      post: r.post || null,
      awaySince: null,
      lastContactOn: null,
      probationExtensionMonths: null,
    }));
    for (let i = 0; i < members.length; i += 5000) {
      await insertRows(tx, partyMembers, members.slice(i, i + 5000));
      report(Math.min(members.length, i + 5000));
    }
    await recordMemberEvents(
      tx,
      actor,
      members.map((m) => ({
        memberId: m.id,
        kind: 'import' as const,
        summary: `由党员名册导入登记为${m.category === 'full' ? '正式' : '预备'}党员`,
        after: partySnapshot(m),
      })),
    );
    await recordAudit(tx, actor, [
      ...newPeople.map((r) => ({
        entity: 'person',
        entityId: r.existingPersonId!,
        action: 'import',
        after: { name: r.name, unitId: r.unit.id, idNumber: maskIdNumber(r.idNumber), via: 'members' },
      })),
      ...members.map((m) => ({
        entity: 'member',
        entityId: m.id,
        action: 'import',
        after: partySnapshot(m),
      })),
    ]);
    return { created: members.length, updated: 0 };
  },
});

interface CheckedRow {
  row: number;
  name: string;
  idNumber: string;
  gender: 'male' | 'female';
  birthDate: string;
  ethnicity: string;
  education: (typeof educationLevels)[number] | undefined;
  joinedOn: string;
  fullOn: string;
  phone: string;
  post: string;
  unit: OrgHit;
  existingPersonId: string | null;
}

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/** Every row-level check of the roster import; also yields the rows ready to write. */
async function checkRows(
  db: DbOrTx,
  ctx: ImportContext,
  rows: ParsedRow<
    | 'name'
    | 'idNumber'
    | 'gender'
    | 'ethnicity'
    | 'education'
    | 'joinedOn'
    | 'fullOn'
    | 'orgPath'
    | 'phone'
    | 'post'
  >[],
): Promise<{ errors: ImportError[]; rows: CheckedRow[] }> {
  const today = todayInChina();
  const errors: ImportError[] = [];
  const inScope = await unitsInScopeByPath(db, ctx);
  const missing = rows.map((r) => normalisePath(r.values.orgPath)).filter((p) => p && !inScope.has(p));
  const elsewhere = await existingPaths(db, [...new Set(missing)]);
  const seen = new Map<string, number>();
  const candidates: CheckedRow[] = [];

  for (const { row, values } of rows) {
    const error = (field: string, message: string) => errors.push({ row, field, message });
    const before = errors.length;
    const name = values.name.trim();
    const parsed = parseIdNumber(values.idNumber);
    let idNumber = '';
    if (!parsed.ok) error('身份证号', parsed.message);
    else {
      idNumber = parsed.value.idNumber;
      const first = seen.get(idNumber);
      if (first !== undefined) error('身份证号', `与第 ${first} 行的身份证号重复，同一人只能填写一行`);
      else seen.set(idNumber, row);
      if (values.gender && (values.gender === '女' ? 'female' : 'male') !== parsed.value.gender) {
        error(
          '性别',
          `与身份证号不一致（身份证号显示为${parsed.value.gender === 'female' ? '女' : '男'}），请核对`,
        );
      }
      if (yearsBetween(parsed.value.birthDate, values.joinedOn) < 18) {
        error('入党日期', '入党时未满 18 周岁，请核对入党日期或身份证号');
      }
    }
    if (values.ethnicity && !/^\p{Script=Han}{1,8}族$/u.test(values.ethnicity)) {
      error('民族', '请填写民族全称，如 蒙古族、汉族');
    }
    if (values.joinedOn > today) error('入党日期', '不能晚于今天');
    if (values.fullOn) {
      if (values.fullOn > today) error('转正日期', '不能晚于今天');
      if (values.fullOn < values.joinedOn) error('转正日期', `不能早于入党日期（${values.joinedOn}）`);
    }
    if (values.phone && !PHONE.test(values.phone)) error('联系电话', '请填写 11 位手机号或带区号的固定电话');
    if (values.post.length > 30) error('党内职务', '不能超过 30 个字');
    const path = normalisePath(values.orgPath);
    const unit = inScope.get(path);
    if (!unit) {
      error(
        '所在党组织',
        elsewhere.has(path)
          ? `“${path}”不在您的管理范围内，只能导入本单位及下级党组织的党员`
          : `“${values.orgPath}”不存在，请填写从最上级单位写起的完整路径（如 某旗/某苏木/某嘎查/某嘎查党支部）`,
      );
    } else if (!isMemberUnitType(unit.type)) {
      error('所在党组织', `“${unit.name}”不是党组织，请填写其下的党支部、党总支或党委`);
    } else if (!unit.active) {
      error('所在党组织', `“${unit.name}”已停用`);
    }
    if (errors.length === before && parsed.ok && unit) {
      candidates.push({
        row,
        name,
        idNumber,
        gender: parsed.value.gender,
        birthDate: parsed.value.birthDate,
        ethnicity: values.ethnicity,
        education: values.education ? educationByName(values.education) : undefined,
        joinedOn: values.joinedOn,
        fullOn: values.fullOn,
        phone: values.phone,
        post: values.post,
        unit,
        existingPersonId: null,
      });
    }
  }

  // Registered people are linked (names must agree); people already members are refused.
  const byIndex = new Map(candidates.map((c) => [ctx.cipher.blindIndex(c.idNumber), c]));
  const indexes = [...byIndex.keys()];
  for (let i = 0; i < indexes.length; i += 1000) {
    const found = await db
      .select({
        id: people.id,
        name: people.name,
        idNumberIndex: people.idNumberIndex,
        memberUnit: units.name,
        memberStatus: partyMembers.status,
      })
      .from(people)
      .leftJoin(partyMembers, eq(partyMembers.personId, people.id))
      .leftJoin(units, eq(units.id, partyMembers.unitId))
      .where(inArray(people.idNumberIndex, indexes.slice(i, i + 1000)));
    for (const person of found) {
      const candidate = byIndex.get(person.idNumberIndex)!;
      if (person.name !== candidate.name) {
        errors.push({
          row: candidate.row,
          field: '姓名',
          message: '该身份证号已登记，但姓名与登记的不一致，请核对姓名和身份证号',
        });
      } else if (person.memberStatus) {
        errors.push({
          row: candidate.row,
          field: '身份证号',
          message:
            person.memberStatus === 'active'
              ? `已是党员（${person.memberUnit}），不能重复导入；转入请办理组织关系转接`
              : `已有党员记录（${statusNames[person.memberStatus as keyof typeof statusNames] ?? person.memberStatus}），不能重复导入`,
        });
      }
      candidate.existingPersonId = person.id;
    }
  }
  return { errors, rows: errors.length ? [] : candidates };
}

/** Mounts the template download and upload of the roster import. */
export function registerMemberImport(app: FastifyInstance): void {
  templateRoute(app, { url: '/api/members/import/template', def: memberImport });
  uploadRoute(app, { url: '/api/members/import', def: memberImport });
}

/** Streams the filtered roster as an Excel file (ID numbers and phones masked); the export is audited. */
export async function exportMembers(ctx: RequestContext, query: MemberFilters, reply: FastifyReply) {
  const rows = await membersForExport(ctx, query);
  return sendXlsx(reply, {
    fileName: '党员名册.xlsx',
    sheetName: '党员名册',
    columns: [
      { key: 'name', header: '姓名', width: 12 },
      { key: 'gender', header: '性别', width: 6 },
      { key: 'ethnicity', header: '民族', width: 10 },
      { key: 'birthDate', header: '出生日期', width: 12 },
      { key: 'age', header: '年龄', width: 6 },
      { key: 'idNumberMasked', header: '身份证号（脱敏）', width: 22 },
      { key: 'education', header: '学历', width: 12 },
      { key: 'category', header: '党员类别', width: 10 },
      { key: 'joinedOn', header: '入党日期', width: 12 },
      { key: 'fullOn', header: '转正日期', width: 12 },
      { key: 'conversionDueOn', header: '预备期满日期', width: 12 },
      { key: 'unitPath', header: '所在党组织', width: 48 },
      { key: 'post', header: '党内职务', width: 12 },
      { key: 'phoneMasked', header: '联系电话（脱敏）', width: 16 },
      { key: 'status', header: '状态', width: 10 },
      { key: 'flags', header: '标记', width: 16 },
    ],
    rows: rows.map((r) => ({
      ...r,
      gender: r.gender === 'female' ? '女' : '男',
      education: r.education ? educationNames[r.education] : '',
      category: categoryNames[r.category],
      status: statusNames[r.status],
      flags: [r.flags.mobile && '流动党员', r.flags.outOfContact && '失联'].filter(Boolean).join('、'),
    })),
  });
}
