import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import type { DbOrTx } from '../../platform/db';
import {
  defineImport,
  type ImportError,
  type ParsedRow,
  templateRoute,
  uploadRoute,
} from '../../platform/excel';
import { pathCondition, type Scope } from '../../platform/scope';
import { pinyinKey } from '../../platform/pinyin';
import { todayInChina } from '../../platform/time';
import { pathNamesOf, units } from '../orgs';
import { parseIdNumber, people, protectIdentity } from '../people';
import { committeePosts, elections } from './schema';
import { electionSettings } from './settings';
import { termEndDate } from './term';
import {
  type Committee,
  educationLevels,
  electionMethods,
  type Post,
  postName,
  singlePosts,
} from './vocabulary';

/** Normalises a unit path typed by a person: full-width slashes, stray spaces, trailing slash. */
function normalisePath(text: string): string {
  return text
    .replace(/／/g, '/')
    .split('/')
    .map((part) => part.trim())
    .filter(Boolean)
    .join('/');
}

const committeeWords: Record<string, Committee> = {
  党组织: 'party',
  党支部: 'party',
  党委: 'party',
  党总支: 'party',
  村委会: 'villagers',
  居委会: 'villagers',
  村民委员会: 'villagers',
  居民委员会: 'villagers',
  集体经济组织: 'collective',
};

const postWords: Record<Committee, Record<string, Post>> = {
  party: {
    书记: 'secretary',
    党组织书记: 'secretary',
    党支部书记: 'secretary',
    党委书记: 'secretary',
    党总支书记: 'secretary',
    副书记: 'deputySecretary',
    委员: 'member',
  },
  villagers: { 主任: 'director', 副主任: 'deputyDirector', 委员: 'member', 成员: 'member' },
  collective: { 负责人: 'head', 理事长: 'head', 董事长: 'head', 社长: 'head' },
};

const postHints: Record<Committee, string> = {
  party: '书记、副书记、委员',
  villagers: '主任、副主任、委员',
  collective: '负责人',
};

type Key =
  | 'unitPath'
  | 'roundYear'
  | 'session'
  | 'electionDate'
  | 'method'
  | 'name'
  | 'idNumber'
  | 'ethnicity'
  | 'committee'
  | 'post'
  | 'education';

interface ElectionUnit {
  id: string;
  name: string;
  bannerId: string | null;
}

/** Every 嘎查/社区 in scope keyed by its full name path ("某旗/某苏木/某嘎查"). */
async function electionUnitsByPath(db: DbOrTx, scope: Scope): Promise<Map<string, ElectionUnit>> {
  const rows = await db
    .select({ id: units.id, name: units.name, path: units.path, bannerId: units.bannerId })
    .from(units)
    .where(
      and(
        pathCondition(scope, units.path),
        sql`${units.type} in ('gacha', 'community')`,
        eq(units.active, true),
      ),
    );
  const names = await pathNamesOf(
    db,
    rows.map((r) => r.path),
  );
  return new Map(rows.map((r) => [names.get(r.path)!, r]));
}

interface ParsedPost {
  row: number;
  unit: ElectionUnit;
  roundYear: number;
  electionDate: string;
  session: string;
  method: string;
  name: string;
  idNumber: string;
  ethnicity: string;
  committee: Committee;
  post: Post;
  education: string;
}

/** Reads and checks the rows; returns the parsed posts (rows without errors) and every problem. */
async function parseRows(db: DbOrTx, scope: Scope, rows: ParsedRow<Key>[]) {
  const errors: ImportError[] = [];
  const byPath = await electionUnitsByPath(db, scope);
  const today = todayInChina();
  const parsed: ParsedPost[] = [];
  const namesById = new Map<string, { name: string; row: number }>();
  for (const row of rows) {
    const v = row.values;
    const error = (field: string, message: string) => errors.push({ row: row.row, field, message });
    const before = errors.length;
    const unit = byPath.get(normalisePath(v.unitPath));
    if (!unit) {
      error(
        '嘎查（村）/社区',
        `“${v.unitPath}”不是您管理范围内的嘎查（村）或社区，请填写从旗写起的完整路径（如 某某旗/某某苏木/某某嘎查）`,
      );
    }
    if (v.electionDate > today) error('选举日期', `${v.electionDate} 晚于今天，请填写实际选举日期`);
    let roundYear = Number(v.electionDate.slice(0, 4));
    if (v.roundYear) {
      if (!/^\d{4}$/.test(v.roundYear)) error('换届年度', '请填写 4 位年份，如 2021');
      else {
        roundYear = Number(v.roundYear);
        if (Math.abs(roundYear - Number(v.electionDate.slice(0, 4))) > 1)
          error('换届年度', `换届年度 ${roundYear} 与选举日期 ${v.electionDate} 相差超过一年，请核对`);
      }
    }
    const id = parseIdNumber(v.idNumber, { today });
    if (!id.ok) error('身份证号', id.message);
    else {
      const first = namesById.get(id.value.idNumber);
      if (first && first.name !== v.name)
        error(
          '姓名',
          `同一身份证号在第 ${first.row} 行的姓名是“${first.name}”，与本行“${v.name}”不一致，请核对`,
        );
      else if (!first) namesById.set(id.value.idNumber, { name: v.name, row: row.row });
    }
    if (v.name.length > 50) error('姓名', '不能超过 50 个字');
    const committee = committeeWords[v.committee];
    if (!committee) error('组织', `“${v.committee}”无效，可填：党组织、村委会、居委会、集体经济组织`);
    const post = committee ? postWords[committee][v.post] : undefined;
    if (committee && !post)
      error('职务', `“${v.post}”不是${v.committee}的职务，可填：${postHints[committee]}`);
    if (errors.length > before || !unit || !committee || !post || !id.ok) continue;
    parsed.push({
      row: row.row,
      unit,
      roundYear,
      electionDate: v.electionDate,
      session: v.session,
      method: v.method,
      name: v.name,
      idNumber: id.value.idNumber,
      ethnicity: v.ethnicity,
      committee,
      post,
      education: v.education,
    });
  }
  // Rows of one unit and round form one election: they must agree and hold each post once.
  const groups = groupOf(parsed);
  for (const group of groups.values()) {
    const first = group[0]!;
    const seenPeople = new Map<string, number>();
    const seenPosts = new Map<string, number>();
    for (const p of group) {
      const error = (field: string, message: string) => errors.push({ row: p.row, field, message });
      if (p.electionDate !== first.electionDate)
        error(
          '选举日期',
          `与第 ${first.row} 行（同一单位同一换届年度）的选举日期 ${first.electionDate} 不一致`,
        );
      if (p.method && first.method && p.method !== first.method)
        error('选举方式', `与第 ${first.row} 行的选举方式“${first.method}”不一致`);
      const personKey = `${p.committee}:${p.idNumber}`;
      const earlier = seenPeople.get(personKey);
      if (earlier) error('身份证号', `与第 ${earlier} 行是同一人且在同一组织，一人在同一组织只担任一个职务`);
      else seenPeople.set(personKey, p.row);
      if (singlePosts.includes(p.post)) {
        const postKey = `${p.committee}:${p.post}`;
        const taken = seenPosts.get(postKey);
        if (taken)
          error('职务', `第 ${taken} 行已是该组织的“${postName(p.committee, p.post)}”，此职务只能有一人`);
        else seenPosts.set(postKey, p.row);
      }
    }
  }
  return { errors, parsed, groups };
}

function groupOf(parsed: readonly ParsedPost[]): Map<string, ParsedPost[]> {
  const groups = new Map<string, ParsedPost[]>();
  for (const p of parsed) {
    const key = `${p.unit.id}:${p.roundYear}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return groups;
}

async function existingPeople(db: DbOrTx, indexes: string[]) {
  const found = new Map<string, { id: string; name: string }>();
  for (let i = 0; i < indexes.length; i += 1000) {
    const rows = await db
      .select({ id: people.id, name: people.name, index: people.idNumberIndex })
      .from(people)
      .where(inArray(people.idNumberIndex, indexes.slice(i, i + 1000)));
    for (const r of rows) found.set(r.index, { id: r.id, name: r.name });
  }
  return found;
}

/**
 * Election results as offices keep them: one row per post holder. Rows of one 嘎查/社区 and round make
 * one election; an election already on record for that round takes the file's date and committee list.
 * People are matched by ID number and registered when new.
 */
export const electionImport = defineImport({
  kind: 'elections.results',
  title: '换届选举结果导入',
  permission: 'elections.write',
  columns: [
    {
      key: 'unitPath',
      header: '嘎查（村）/社区',
      required: true,
      example: '哈日乌拉旗/巴彦呼舒镇/乌兰嘎查',
      note: '从旗写起的完整路径，用“/”分隔',
      width: 40,
    },
    { key: 'roundYear', header: '换届年度', example: '2021', note: '不填时取选举日期的年份', width: 10 },
    { key: 'session', header: '届次', example: '第十二届', width: 10 },
    {
      key: 'electionDate',
      header: '选举日期',
      required: true,
      type: 'date',
      example: '2021-03-15',
      width: 14,
    },
    {
      key: 'method',
      header: '选举方式',
      example: '直接选举',
      note: `常用：${electionMethods.join('、')}；也可填写其他方式`,
      width: 14,
    },
    { key: 'name', header: '姓名', required: true, example: '张三', width: 12 },
    { key: 'idNumber', header: '身份证号', required: true, example: '152222198001010011', width: 22 },
    { key: 'ethnicity', header: '民族', example: '蒙古族', note: '新登记人员时使用，可不填', width: 10 },
    {
      key: 'committee',
      header: '组织',
      required: true,
      example: '党组织',
      note: '可填：党组织、村委会、居委会、集体经济组织',
      width: 14,
    },
    {
      key: 'post',
      header: '职务',
      required: true,
      example: '书记',
      note: '党组织：书记、副书记、委员；村（居）委会：主任、副主任、委员；集体经济组织：负责人',
      width: 10,
    },
    { key: 'education', header: '学历', options: educationLevels, width: 12 },
  ],
  async validate(ctx, rows, report) {
    const { errors, parsed } = await parseRows(ctx.db, ctx.scope, rows);
    const indexes = [...new Set(parsed.map((p) => ctx.cipher.blindIndex(p.idNumber)))];
    const known = await existingPeople(ctx.db, indexes);
    // Someone already registered must be typed with the registered name (which is not revealed).
    for (const p of parsed) {
      const person = known.get(ctx.cipher.blindIndex(p.idNumber));
      if (person && person.name !== p.name) {
        errors.push({
          row: p.row,
          field: '姓名',
          message: '与该身份证号已登记的姓名不一致，请核对姓名或身份证号',
        });
      }
    }
    report(rows.length);
    return errors.sort((a, b) => a.row - b.row);
  },
  async commit(tx, ctx, rows, report) {
    const { errors, groups, parsed } = await parseRows(tx, ctx.scope, rows);
    if (errors.length > 0) throw new Error(`row ${errors[0]!.row}: ${errors[0]!.message}`);
    const known = await existingPeople(tx, [
      ...new Set(parsed.map((p) => ctx.cipher.blindIndex(p.idNumber))),
    ]);
    const actor = auditActorOf(ctx.actor);
    for (const p of parsed) {
      const index = ctx.cipher.blindIndex(p.idNumber);
      if (known.has(index)) continue;
      const { gender, birthDate, ...identity } = protectIdentity(ctx.cipher, { idNumber: p.idNumber });
      const [row] = await tx
        .insert(people)
        .values({
          bannerId: p.unit.bannerId,
          unitId: p.unit.id,
          name: p.name,
          namePinyin: pinyinKey(p.name, { surname: true }),
          gender,
          birthDate,
          ethnicity: p.ethnicity || null,
          ...identity,
        })
        .returning({ id: people.id });
      known.set(index, { id: row!.id, name: p.name });
      await recordAudit(tx, actor, {
        entity: 'person',
        entityId: row!.id,
        action: 'import',
        after: { name: p.name, unitId: p.unit.id, idNumber: identity.idNumberMasked },
      });
    }
    const { termYears } = await electionSettings(tx);
    let created = 0;
    let updated = 0;
    let done = 0;
    for (const group of groups.values()) {
      const first = group[0]!;
      const session = group.find((p) => p.session)?.session || null;
      const method = group.find((p) => p.method)?.method || null;
      const [existing] = await tx
        .select()
        .from(elections)
        .where(
          and(
            eq(elections.unitId, first.unit.id),
            eq(elections.roundYear, first.roundYear),
            isNull(elections.voidedAt),
          ),
        );
      let electionId: string;
      if (existing) {
        const [after] = await tx
          .update(elections)
          .set({
            electionDate: first.electionDate,
            termEnd: termEndDate(first.electionDate, existing.termYears),
            ...(session && { session }),
            ...(method && { method }),
            updatedAt: new Date().toISOString(),
          })
          .where(eq(elections.id, existing.id))
          .returning();
        electionId = existing.id;
        updated += 1;
        await recordAudit(tx, actor, {
          entity: 'election',
          entityId: electionId,
          action: 'import',
          before: existing,
          after,
        });
      } else {
        const [row] = await tx
          .insert(elections)
          .values({
            bannerId: first.unit.bannerId,
            unitId: first.unit.id,
            roundYear: first.roundYear,
            session,
            electionDate: first.electionDate,
            method,
            termYears,
            termEnd: termEndDate(first.electionDate, termYears),
          })
          .returning();
        electionId = row!.id;
        created += 1;
        await recordAudit(tx, actor, {
          entity: 'election',
          entityId: electionId,
          action: 'import',
          after: row,
        });
      }
      await tx.delete(committeePosts).where(eq(committeePosts.electionId, electionId));
      await tx.insert(committeePosts).values(
        group.map((p, i) => ({
          electionId,
          personId: known.get(ctx.cipher.blindIndex(p.idNumber))!.id,
          committee: p.committee,
          post: p.post,
          education: p.education || null,
          sortOrder: i,
        })),
      );
      done += group.length;
      report(done);
    }
    return { created, updated };
  },
});

/** Mounts the template download and the upload of the election results import. */
export function registerElectionImport(app: FastifyInstance): void {
  templateRoute(app, { url: '/api/elections/import/template', def: electionImport });
  uploadRoute(app, { url: '/api/elections/import', def: electionImport });
}
