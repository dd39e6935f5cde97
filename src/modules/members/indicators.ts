import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, queryRows } from '../../platform/db';
import {
  batchKeyOf,
  type Evidence,
  type EvidenceMode,
  evidenceOf,
  type IndicatorGroup,
  type IndicatorInput,
  type IndicatorValue,
  type Period,
  registerIndicator,
  sharedWork,
} from '../../platform/indicators/registry';
import { pathCondition, pathInScope, type Scope } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { idsOfPath, units } from '../orgs';
import { people } from '../people';
import { addDays, quarterOf } from './dates';
import { registerMembersEvidence } from './evidence';
import { ageBandOf, ageBands, birthDateRange } from './flags';
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

/** The member figures' dimensions: each a way of splitting the same members. */
type Dimension = 'category' | 'gender' | 'ethnicity' | 'education' | 'ageBand' | 'unitPath';

/**
 * Where each dimension is read: the member's own row (and its unit's path), or the person's. The
 * person's row is wide and joining it took 58 of the 66 ms a count by category took at league scale
 * (33,535 members), so dimensions of the member are counted without it. The dashboard's figures need
 * only those.
 */
type Side = 'member' | 'person';
const sides: Record<Side, readonly Dimension[]> = {
  member: ['category', 'education', 'unitPath'],
  person: ['gender', 'ethnicity', 'ageBand'],
};
const sideOf = (dimension: Dimension): Side => (sides.member.includes(dimension) ? 'member' : 'person');

/** Each dimension's value per member, over party_members m, units u and (person side) people p. */
function dimensionValue(dimension: Dimension, today: string): SQL {
  switch (dimension) {
    case 'category':
      return sql`m.category`;
    case 'education':
      return sql`coalesce(m.education, ${UNKNOWN})`;
    case 'unitPath':
      return sql`u.path`;
    case 'gender':
      return sql`p.gender`;
    case 'ethnicity':
      return sql`coalesce(nullif(p.ethnicity, ''), ${UNKNOWN})`;
    case 'ageBand':
      // Born after the date: younger than the band's upper age + 1 (see birthDateRange).
      return sql.join(
        [
          sql`case`,
          ...ageBands.map(
            (band) =>
              sql`when p.birth_date > ${birthDateRange(band.key, today).bornAfter}::date then ${band.key}`,
          ),
          sql`else ${ageBands[0].key} end`,
        ],
        sql` `,
      );
  }
}

/** How many members each key of some dimensions holds, and the total: what the figures show. */
interface MemberTallies {
  total: number;
  by: Partial<Record<Dimension, Map<string, number>>>;
}

/**
 * The same members as `allMembers`, counted in the database by the dimensions of one side (grouping
 * sets), for figures that show only numbers: a few hundred rows instead of one per member. Read once
 * per batch and side; a series reads every period's counts in the same statement (the periods differ
 * only in the day members must have joined before).
 */
async function memberTallies(input: IndicatorInput, side: Side): Promise<MemberTallies> {
  const ends = [...new Set([input.period.to, ...(input.siblings ?? []).map((p) => p.to)])].sort();
  const key = `memberTallies|${side}|${input.scope.paths.join(',')}|${ends.join(',')}`;
  const tallies = await sharedWork(input, key, () => talliesBefore(input.db, input.scope, side, ends));
  return tallies[ends.indexOf(input.period.to)]!;
}

/** The tallies of a side's members in scope who joined before each of `ends`, in their order. */
async function talliesBefore(
  db: Db,
  scope: Scope,
  side: Side,
  ends: readonly string[],
): Promise<MemberTallies[]> {
  const today = todayInChina();
  const own = sides[side];
  const column = (dimension: Dimension) => sql.raw(`f.d${own.indexOf(dimension)}`);
  const which = sql.join(
    [
      sql`case`,
      ...own.map((dimension) => sql`when grouping(${column(dimension)}) = 0 then ${dimension}`),
      sql`else 'total' end`,
    ],
    sql` `,
  );
  const key = sql.join(
    [
      sql`case`,
      ...own.map((dimension) => sql`when grouping(${column(dimension)}) = 0 then ${column(dimension)}`),
      sql`end`,
    ],
    sql` `,
  );
  const values = sql.join(
    own.map((dimension, i) => sql`${dimensionValue(dimension, today)} as ${sql.raw(`d${i}`)}`),
    sql`, `,
  );
  const counts = sql.join(
    ends.map((end, i) => sql`count(*) filter (where f.joined_on < ${end}::date) as ${sql.raw(`n${i}`)}`),
    sql`, `,
  );
  const sets = sql.join([...own.map((dimension) => sql`(${column(dimension)})`), sql`()`], sql`, `);
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select ${which} as dimension, ${key} as key, ${counts}
        from (
          select ${values}, m.joined_on
          from party_members m
          join units u on u.id = m.unit_id
          ${side === 'person' ? sql`join people p on p.id = m.person_id` : sql``}
          where ${pathCondition(scope, sql`u.path`)} and m.status = 'active' and m.joined_on < ${ends.at(-1)!}::date
        ) f
        group by grouping sets (${sets})`,
  );
  return ends.map((_, i) => {
    const tallies: MemberTallies = {
      total: 0,
      by: Object.fromEntries(own.map((d) => [d, new Map<string, number>()])),
    };
    for (const row of rows) {
      const n = Number(row[`n${i}`]);
      const dimension = row.dimension as Dimension | 'total';
      if (dimension === 'total') tallies.total = n;
      // A key whose members all joined later is not one of this end's groups.
      else if (n > 0) tallies.by[dimension]?.set(row.key as string, n);
    }
    return tallies;
  });
}

type Order = readonly { key: string; label: string }[];

/**
 * Groups in a fixed order, then any other keys met (largest first, "not filled in" last), from each
 * key's size and evidence.
 */
function breakdownOf(
  sizes: Map<string, { value: number; evidence: Evidence }>,
  order: Order,
  otherLabel: (key: string) => string,
  empty: Evidence,
): IndicatorGroup[] {
  const known = new Set(order.map((o) => o.key));
  const extras = [...sizes.keys()]
    .filter((key) => !known.has(key))
    .sort(
      (a, b) =>
        Number(a === UNKNOWN) - Number(b === UNKNOWN) ||
        sizes.get(b)!.value - sizes.get(a)!.value ||
        a.localeCompare(b, 'zh-CN'),
    );
  return [
    ...order.map((o) => ({ key: o.key, label: o.label })),
    ...extras.map((key) => ({ key, label: otherLabel(key) })),
  ].map(({ key, label }) => ({
    key,
    label,
    ...(sizes.get(key) ?? { value: 0, evidence: empty }),
  }));
}

/** Splits members into groups by `keyOf`, each with its evidence. */
function grouped(
  mode: { evidence?: EvidenceMode },
  rows: MemberFacts[],
  keyOf: (row: MemberFacts) => string,
  order: Order,
  otherLabel: (key: string) => string = (key) => key,
): IndicatorValue {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const ids = groups.get(key) ?? [];
    ids.push(row.id);
    groups.set(key, ids);
  }
  const sizes = new Map(
    [...groups].map(([key, ids]) => [key, { value: ids.length, evidence: evidenceOf(mode, MEMBER, ids) }]),
  );
  return {
    ...count(mode, rows),
    breakdown: breakdownOf(sizes, order, otherLabel, evidenceOf(mode, MEMBER, [])),
  };
}

/** Evidence of `n` members, counted without their ids. */
const counted = (n: number): Evidence => ({ entity: MEMBER, ids: [], count: n });

/** The same split from counts kept by the database (`memberTallies`). */
function groupedCounts(
  total: number,
  counts: Map<string, number>,
  order: Order,
  otherLabel: (key: string) => string = (key) => key,
): IndicatorValue {
  const sizes = new Map([...counts].map(([key, n]) => [key, { value: n, evidence: counted(n) }]));
  return {
    value: total,
    evidence: counted(total),
    breakdown: breakdownOf(sizes, order, otherLabel, counted(0)),
  };
}

/**
 * A figure splitting the period's members by one dimension: from the database's counts when only
 * numbers are asked for, else from the members themselves with their ids.
 */
async function split(
  input: IndicatorInput,
  dimension: Exclude<Dimension, 'unitPath'>,
  keyOf: (row: MemberFacts) => string,
  order: Order,
  otherLabel?: (key: string) => string,
): Promise<IndicatorValue> {
  if (input.evidence === 'count') {
    const tallies = await memberTallies(input, sideOf(dimension));
    return groupedCounts(tallies.total, tallies.by[dimension] ?? new Map(), order, otherLabel);
  }
  return grouped(input, await allMembers(input), keyOf, order, otherLabel);
}

/** Groups by the organisation directly under each scope root (the root itself for members kept there). */
async function byOrganisation(input: IndicatorInput): Promise<IndicatorValue> {
  const { db, scope } = input;
  const roots = scope.paths.map((path) => (path === '/' ? [] : idsOfPath(path)));
  const keyOfPath = (unitPath: string) => {
    const ids = idsOfPath(unitPath);
    const root = roots.find((r) => r.every((id, i) => ids[i] === id)) ?? [];
    // A single root: split by its children; several roots: one group per root.
    const depth = scope.paths.length === 1 ? root.length : Math.max(root.length - 1, 0);
    return ids[depth] ?? ids[ids.length - 1]!;
  };
  const tallies = input.evidence === 'count' ? await memberTallies(input, 'member') : null;
  const rows = tallies ? [] : await allMembers(input);
  const counts = new Map<string, number>();
  for (const [unitPath, n] of tallies?.by.unitPath ?? []) {
    const key = keyOfPath(unitPath);
    counts.set(key, (counts.get(key) ?? 0) + n);
  }
  const keys = tallies ? [...counts.keys()] : [...new Set(rows.map((row) => keyOfPath(row.unitPath)))];
  const named = keys.length
    ? await db
        .select({ id: units.id, name: units.name, sortOrder: units.sortOrder })
        .from(units)
        .where(inArray(units.id, keys))
    : [];
  const order = named
    .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN'))
    .map((u) => ({ key: u.id, label: u.name }));
  const result = tallies
    ? groupedCounts(tallies.total, counts, order)
    : grouped(input, rows, (row) => keyOfPath(row.unitPath), order);
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

  register('members.total', '党员总数', '名', '在册党员（正式和预备）', async (input) => {
    if (input.evidence !== 'count') return count(input, await allMembers(input));
    if (input.within) {
      // A part of a scope the batch counts whole (the comparison's columns): the members of the
      // organisations inside it, from the whole's count per organisation.
      const whole = await memberTallies({ ...input, scope: input.within }, 'member');
      let total = 0;
      for (const [path, n] of whole.by.unitPath ?? []) if (pathInScope(input.scope, path)) total += n;
      return { value: total, evidence: counted(total) };
    }
    const { total } = await memberTallies(input, 'member');
    return { value: total, evidence: counted(total) };
  });
  register('members.byCategory', '党员按类别', '名', '正式党员、预备党员', async (input) =>
    split(
      input,
      'category',
      (r) => r.category,
      memberCategories.map((key) => ({ key, label: categoryNames[key] })),
    ),
  );
  register('members.byGender', '党员按性别', '名', '男、女', async (input) =>
    split(input, 'gender', (r) => r.gender, [
      { key: 'male', label: '男' },
      { key: 'female', label: '女' },
    ]),
  );
  register('members.byEthnicity', '党员按民族', '名', '按人员登记的民族', async (input) =>
    split(
      input,
      'ethnicity',
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
      return split(
        input,
        'ageBand',
        (r) => ageBandOf(r.birthDate, today),
        ageBands.map((b) => ({ key: b.key, label: b.label })),
      );
    },
  );
  register('members.byEducation', '党员按学历', '名', '最高学历', async (input) =>
    split(input, 'education', (r) => r.education ?? UNKNOWN, [
      ...educationLevels.map((key) => ({ key, label: educationNames[key] })),
      { key: UNKNOWN, label: '未填写' },
    ]),
  );
  register(
    'members.byOrganisation',
    '党员按组织分布',
    '名',
    '范围内各直属下级单位（含其下党组织）的党员数',
    byOrganisation,
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
