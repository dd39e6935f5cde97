import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db';
import {
  batchKeyOf,
  type EvidenceMode,
  evidenceOf,
  type IndicatorGroup,
  type IndicatorInput,
  type IndicatorValue,
  type Period,
  registerIndicator,
  sharedWork,
} from '../../platform/indicators/registry';
import { pathCondition, type Scope } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { idsOfPath, units } from '../orgs';
import { people } from '../people';
import { addDays, quarterOf } from './dates';
import { registerMembersEvidence } from './evidence';
import { ageBandOf, ageBands } from './flags';
import { conversionDueCondition, mobileCondition, outOfContactCondition } from './queries';
import { memberTransfers, partyMembers } from './schema';
import { getMemberSettings } from './settings';
import { categoryNames, educationLevels, educationNames, memberCategories } from './vocabulary';

const MEMBER = 'member';
const UNKNOWN = 'unknown';

/**
 * Members counted by an indicator: active (在册) members whose organisation lies in the scope and who
 * had joined before the period ends. Flags and ages are taken on today's date (China).
 */
async function membersInScope(db: Db, scope: Scope, period: Period, extra?: SQL) {
  return db
    .select({
      id: partyMembers.id,
      category: partyMembers.category,
      education: partyMembers.education,
      gender: people.gender,
      ethnicity: people.ethnicity,
      birthDate: people.birthDate,
      unitPath: units.path,
    })
    .from(partyMembers)
    .innerJoin(people, eq(people.id, partyMembers.personId))
    .innerJoin(units, eq(units.id, partyMembers.unitId))
    .where(
      and(
        pathCondition(scope, units.path),
        eq(partyMembers.status, 'active'),
        sql`${partyMembers.joinedOn} < ${period.to}::date`,
        extra,
      ),
    );
}

type MemberFacts = Awaited<ReturnType<typeof membersInScope>>[number];

/** Every member the period counts in the scope: read once per batch by the indicators that split them. */
function allMembers(input: IndicatorInput): Promise<MemberFacts[]> {
  return sharedWork(input, `members|${batchKeyOf(input.scope, input.period)}`, () =>
    membersInScope(input.db, input.scope, input.period),
  );
}

/** Splits members into groups in a fixed order (then any other keys met, by size), each with its evidence. */
function grouped(
  mode: { evidence?: EvidenceMode },
  rows: MemberFacts[],
  keyOf: (row: MemberFacts) => string,
  order: readonly { key: string; label: string }[],
  otherLabel: (key: string) => string = (key) => key,
): IndicatorValue {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const ids = groups.get(key) ?? [];
    ids.push(row.id);
    groups.set(key, ids);
  }
  const known = new Set(order.map((o) => o.key));
  const extras = [...groups.keys()]
    .filter((key) => !known.has(key))
    // Largest first; "not filled in" always last.
    .sort(
      (a, b) =>
        Number(a === UNKNOWN) - Number(b === UNKNOWN) ||
        groups.get(b)!.length - groups.get(a)!.length ||
        a.localeCompare(b, 'zh-CN'),
    );
  const breakdown: IndicatorGroup[] = [
    ...order.map((o) => ({ key: o.key, label: o.label })),
    ...extras.map((key) => ({ key, label: otherLabel(key) })),
  ].map(({ key, label }) => {
    const ids = groups.get(key) ?? [];
    return { key, label, value: ids.length, evidence: evidenceOf(mode, MEMBER, ids) };
  });
  return { ...count(mode, rows), breakdown };
}

/** Groups by the organisation directly under each scope root (the root itself for members kept there). */
async function byOrganisation(input: IndicatorInput, rows: MemberFacts[]): Promise<IndicatorValue> {
  const { db, scope } = input;
  const roots = scope.paths.map((path) => (path === '/' ? [] : idsOfPath(path)));
  const keyOf = (row: MemberFacts) => {
    const ids = idsOfPath(row.unitPath);
    const root = roots.find((r) => r.every((id, i) => ids[i] === id)) ?? [];
    // A single root: split by its children; several roots: one group per root.
    const depth = scope.paths.length === 1 ? root.length : Math.max(root.length - 1, 0);
    return ids[depth] ?? ids[ids.length - 1]!;
  };
  const keys = [...new Set(rows.map(keyOf))];
  const named = keys.length
    ? await db
        .select({ id: units.id, name: units.name, sortOrder: units.sortOrder })
        .from(units)
        .where(inArray(units.id, keys))
    : [];
  const order = named
    .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN'))
    .map((u) => ({ key: u.id, label: u.name }));
  const result = grouped(input, rows, keyOf, order);
  // Organisations without members are left out: the list is about where members are.
  result.breakdown = result.breakdown?.filter((g) => (g.value ?? 0) > 0);
  return result;
}

function count(mode: { evidence?: EvidenceMode }, rows: { id: string }[]): IndicatorValue {
  return {
    value: rows.length,
    evidence: evidenceOf(
      mode,
      MEMBER,
      rows.map((r) => r.id),
    ),
  };
}

/** Registers the members module's indicators and the drill-down of the members and transfers they count. */
export function registerMembersIndicators(): void {
  registerMembersEvidence();
  const register = (
    key: string,
    name: string,
    unit: string,
    description: string,
    compute: (input: IndicatorInput) => Promise<IndicatorValue>,
  ) => registerIndicator({ key, name, unit, module: 'members', description, compute });

  register('members.total', '党员总数', '名', '在册党员（正式和预备）', async (input) =>
    count(input, await allMembers(input)),
  );
  register('members.byCategory', '党员按类别', '名', '正式党员、预备党员', async (input) =>
    grouped(
      input,
      await allMembers(input),
      (r) => r.category,
      memberCategories.map((key) => ({ key, label: categoryNames[key] })),
    ),
  );
  register('members.byGender', '党员按性别', '名', '男、女', async (input) =>
    grouped(input, await allMembers(input), (r) => r.gender, [
      { key: 'male', label: '男' },
      { key: 'female', label: '女' },
    ]),
  );
  register('members.byEthnicity', '党员按民族', '名', '按人员登记的民族', async (input) =>
    grouped(
      input,
      await allMembers(input),
      (r) => r.ethnicity || UNKNOWN,
      [],
      (key) => (key === UNKNOWN ? '未填写' : key),
    ),
  );
  register(
    'members.byAgeBand',
    '党员按年龄段',
    '名',
    '按今天的周岁：30岁及以下、31—40、41—50、51—60、61岁及以上',
    async (input) => {
      const today = todayInChina();
      return grouped(
        input,
        await allMembers(input),
        (r) => ageBandOf(r.birthDate, today),
        ageBands.map((b) => ({ key: b.key, label: b.label })),
      );
    },
  );
  register('members.byEducation', '党员按学历', '名', '最高学历', async (input) =>
    grouped(input, await allMembers(input), (r) => r.education ?? UNKNOWN, [
      ...educationLevels.map((key) => ({ key, label: educationNames[key] })),
      { key: UNKNOWN, label: '未填写' },
    ]),
  );
  register(
    'members.byOrganisation',
    '党员按组织分布',
    '名',
    '范围内各直属下级单位（含其下党组织）的党员数',
    async (input) => byOrganisation(input, await allMembers(input)),
  );
  register(
    'members.conversionDueThisQuarter',
    '本季度应转正预备党员',
    '名',
    '预备期在本季度（按今天所在季度）届满的在册预备党员',
    async (input) => {
      const { db, scope, period } = input;
      const quarter = quarterOf(todayInChina());
      return count(
        input,
        await membersInScope(
          db,
          scope,
          period,
          and(
            conversionDueCondition(addDays(quarter.to, -1)),
            sql`${partyMembers.conversionDueOn} >= ${quarter.from}::date`,
          ),
        ),
      );
    },
  );
  register(
    'members.mobile',
    '流动党员',
    '名',
    '外出满设定月数（默认 6 个月）且未转接组织关系的党员，按日期计算',
    async (input) => {
      const { db, scope, period } = input;
      const settings = await getMemberSettings(db);
      return count(
        input,
        await membersInScope(
          db,
          scope,
          period,
          mobileCondition(todayInChina(), settings['members.mobileAfterMonths']),
        ),
      );
    },
  );
  register(
    'members.outOfContact',
    '失联党员',
    '名',
    '最近联系日期距今满设定月数（默认 6 个月）的党员，按日期计算',
    async (input) => {
      const { db, scope, period } = input;
      const settings = await getMemberSettings(db);
      return count(
        input,
        await membersInScope(
          db,
          scope,
          period,
          outOfContactCondition(todayInChina(), settings['members.outOfContactAfterMonths']),
        ),
      );
    },
  );
  register(
    'members.transfersPending',
    '待办组织关系转接',
    '件',
    '范围内党组织发出或待接收、尚未办结的组织关系转接',
    async (input) => {
      const { db, scope } = input;
      const fromUnit = alias(units, 'from_unit');
      const toUnit = alias(units, 'to_unit');
      const rows = await db
        .select({ id: memberTransfers.id })
        .from(memberTransfers)
        .innerJoin(fromUnit, eq(fromUnit.id, memberTransfers.fromUnitId))
        .leftJoin(toUnit, eq(toUnit.id, memberTransfers.toUnitId))
        .where(
          and(
            eq(memberTransfers.status, 'pending'),
            sql`(${pathCondition(scope, fromUnit.path)} or ${pathCondition(scope, toUnit.path)})`,
          ),
        );
      return {
        value: rows.length,
        evidence: evidenceOf(
          input,
          'memberTransfer',
          rows.map((r) => r.id),
        ),
      };
    },
  );
}

/** The indicators the roster's summary bar shows, in order. */
export const summaryIndicatorKeys = [
  'members.total',
  'members.byCategory',
  'members.conversionDueThisQuarter',
  'members.mobile',
  'members.outOfContact',
  'members.transfersPending',
] as const;
