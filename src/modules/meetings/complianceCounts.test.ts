// The compliance figures counted by the database (complianceCounts.ts) against the pure engine
// (compliance.ts) over the same rows, on a real database: party groups whose meetings also count for
// their branch, organisations established during a period (pro rata) and late in the evening of a
// period's last day, two rules of one kind, a rule for 党小组, a disabled rule, meetings sent back or
// voided, and scopes that cut a branch from its groups.
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit, createTestApp, type TestContext } from '../../../test/support/app';
import { queryRows } from '../../platform/db';
import { pathCondition, scopeOf, type Scope } from '../../platform/scope';
import { units } from '../orgs';
import { addDays, type Evaluation, evaluateRange, isRated, openItems } from './compliance';
import {
  countRated,
  loadRatedInput,
  openItemsCounted,
  type RatedCount,
  countedByKind,
  countedDaysOfYear,
  ratedCounts,
  rebuildMeetingDays,
} from './complianceCounts';
import { loadComplianceInput } from './complianceData';
import { countingStatuses, meetingKinds, meetingStatuses } from './kinds';
import { loadComplianceRules, loadRuleRows } from './rules';
import { meetingRules, meetings } from './schema';

let t: TestContext;
const paths: Record<string, string> = {};

/** A small deterministic generator, so a failure reproduces. */
function randomOf(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const banner = await buildUnit(t, null, { name: '测试旗', type: 'banner' });
  const sumuA = await buildUnit(t, banner, { name: '巴彦苏木', type: 'sumu' });
  const sumuB = await buildUnit(t, banner, { name: '好腰苏木', type: 'sumu' });
  const gachaA = await buildUnit(t, sumuA, { name: '乌兰嘎查', type: 'gacha' });
  const gachaB = await buildUnit(t, sumuB, { name: '哈日嘎查', type: 'gacha' });
  const committee = await buildUnit(t, sumuA, { name: '巴彦苏木党委', type: 'partyCommittee' });
  const withGroups = await buildUnit(t, gachaA, { name: '乌兰嘎查党支部', type: 'branch' });
  const groupOne = await buildUnit(t, withGroups, { name: '第一党小组', type: 'partyGroup' });
  const groupTwo = await buildUnit(t, withGroups, { name: '第二党小组', type: 'partyGroup' });
  const plain = await buildUnit(t, gachaB, { name: '哈日嘎查党支部', type: 'branch' });
  const mobile = await buildUnit(t, gachaB, { name: '流动党员党支部', type: 'mobileTalentBranch' });
  const lateBranch = await buildUnit(t, gachaB, { name: '新建党支部', type: 'branch' });
  const eveningBranch = await buildUnit(t, gachaA, { name: '夜建党支部', type: 'branch' });
  const closed = await buildUnit(t, gachaA, { name: '撤销党支部', type: 'branch' });
  Object.assign(paths, {
    banner: banner.path,
    sumuA: sumuA.path,
    sumuB: sumuB.path,
    gachaA: gachaA.path,
    gachaB: gachaB.path,
    withGroups: withGroups.path,
    groupOne: groupOne.path,
    groupTwo: groupTwo.path,
  });
  const establish = async (unit: { id: string }, instant: string) =>
    db.update(units).set({ createdAt: instant }).where(eq(units.id, unit.id));
  // The organisations that hold meetings: all but two established long ago, as were the areas above.
  const holders = [
    committee,
    withGroups,
    groupOne,
    groupTwo,
    plain,
    mobile,
    lateBranch,
    eveningBranch,
    closed,
  ];
  const established = holders.filter((unit) => unit !== lateBranch && unit !== eveningBranch);
  for (const unit of [banner, sumuA, sumuB, gachaA, gachaB, ...established])
    await establish(unit, '2024-06-01T00:00:00+08:00');
  await establish(lateBranch, '2026-02-20T10:00:00+08:00');
  // 23:30 in China on the last day of Q1 is already 31 March there, not 1 April.
  await establish(eveningBranch, '2026-03-31T23:30:00+08:00');
  await db.update(units).set({ active: false }).where(eq(units.id, closed.id));

  // The seeded rules, a second rule of one kind (two 主题党日 a quarter), a monthly rule for 党小组
  // themselves, a rule owing three 党课 a year, and a disabled one.
  await loadRuleRows(db);
  await db.insert(meetingRules).values([
    {
      kind: 'themeDay',
      period: 'quarter',
      requiredCount: 2,
      unitTypes: ['branch'],
      warningDays: 30,
      note: 'test',
    },
    { kind: 'groupMeeting', period: 'month', requiredCount: 1, unitTypes: ['partyGroup'], warningDays: 10 },
    { kind: 'partyLecture', period: 'year', requiredCount: 3, unitTypes: ['branch', 'partyCommittee'] },
    { kind: 'committeeMeeting', period: 'quarter', unitTypes: ['branch'], enabled: false, note: 'disabled' },
  ]);

  const random = randomOf(2026);
  const rows: Array<typeof meetings.$inferInsert> = [];
  for (let day = 0; day < 26 * 30; day += 1) {
    const heldOn = addDays('2025-01-01', day);
    for (const unit of holders) {
      if (random() > 0.09) continue;
      rows.push({
        unitId: unit.id,
        kind: meetingKinds[Math.floor(random() * meetingKinds.length)]!,
        heldOn,
        place: '党员活动室',
        host: '书记',
        topic: '学习',
        status: random() < 0.8 ? 'approved' : meetingStatuses[Math.floor(random() * meetingStatuses.length)]!,
      });
    }
  }
  await db.insert(meetings).values(rows);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

/** What the engine gives, counted as ratedCounts counts. */
function countEvaluations(evaluations: readonly Evaluation[], keyOf: (e: Evaluation) => string) {
  const groups = new Map<string, { rated: number; met: number; ids: Set<string> }>();
  for (const e of evaluations) {
    const key = keyOf(e);
    let group = groups.get(key);
    if (!group) {
      group = { rated: 0, met: 0, ids: new Set() };
      groups.set(key, group);
    }
    group.rated += 1;
    if (e.status !== 'met') continue;
    group.met += 1;
    for (const id of e.meetingIds) group.ids.add(id);
  }
  return new Map([...groups].map(([key, g]) => [key, { rated: g.rated, met: g.met, meetings: g.ids.size }]));
}

const sorted = (map: Map<string, RatedCount>) => [...map].sort(([a], [b]) => a.localeCompare(b));

const scopes: Array<[string, () => Scope]> = [
  ['the banner', () => scopeOf([paths.banner!])],
  ['one 苏木', () => scopeOf([paths.sumuA!])],
  ['a branch with its groups', () => scopeOf([paths.withGroups!])],
  ['one party group without its branch', () => scopeOf([paths.groupOne!])],
  ['nothing', () => scopeOf([])],
];

describe('compliance counted by the database', () => {
  const ranges = [
    { from: '2026-01-01', to: '2027-01-01' },
    { from: '2026-04-01', to: '2026-07-01' },
    { from: '2025-11-15', to: '2026-05-10' },
    { from: '2025-01-01', to: '2026-01-01' },
  ];
  const todays = ['2026-05-20', '2026-03-31', '2026-04-01', '2026-12-31', '2027-02-01'];

  it('rates the same requirements as the engine, with the same distinct meetings, in all, by kind and by type', async () => {
    const db = t.database.db;
    const rules = await loadComplianceRules(db);
    let compared = 0;
    for (const [name, scopeFn] of scopes) {
      const scope = scopeFn();
      for (const range of ranges) {
        for (const today of todays) {
          const loaded = await loadComplianceInput(db, scope, range);
          const rated = evaluateRange(loaded.rules, loaded.orgs, loaded.meetings, range, today).filter(
            (e) => e.period.from >= range.from && e.period.to <= range.to && isRated(e),
          );
          const typeOf = new Map(loaded.orgs.map((o) => [o.id, o.type]));
          const counted = await ratedCounts(db, scope, rules, range, today);
          const label = `${name}, ${range.from}–${range.to}, today ${today}`;
          expect(counted.total, label).toEqual(
            countEvaluations(rated, () => 'all').get('all') ?? { rated: 0, met: 0, meetings: 0 },
          );
          expect(sorted(counted.byKind), label).toEqual(sorted(countEvaluations(rated, (e) => e.kind)));
          expect(sorted(counted.byOrgType), label).toEqual(
            sorted(countEvaluations(rated, (e) => typeOf.get(e.orgId)!)),
          );
          compared += rated.length;
        }
      }
    }
    // The comparison is between real figures: thousands of requirements, met and unmet.
    expect(compared).toBeGreaterThan(2_000);
  });

  it('counts a part of a scope loaded once as it counts that part alone', async () => {
    const db = t.database.db;
    const rules = await loadComplianceRules(db);
    // Parts at four depths, several at one depth (counted together, in one pass, then read), and a
    // 党小组 apart from the branch its meetings also count for.
    const parts = ['sumuA', 'sumuB', 'gachaA', 'gachaB', 'withGroups', 'groupOne', 'groupTwo'] as const;
    let metSomewhere = 0;
    for (const range of ranges) {
      const whole = await loadRatedInput(db, scopeOf([paths.banner!]), rules, range, '2026-12-31');
      for (const part of parts) {
        const scope = scopeOf([paths[part]!]);
        const alone = await ratedCounts(db, scope, rules, range, '2026-12-31');
        expect(countRated(whole, scope), `${part}, ${range.from}–${range.to}`).toEqual(alone);
        // Two roots are counted by filtering, not by depth: the same figures as the two loaded alone.
        expect(countRated(whole, scopeOf([paths[part]!, paths.sumuB!])).total.rated).toBe(
          (await ratedCounts(db, scopeOf([paths[part]!, paths.sumuB!]), rules, range, '2026-12-31')).total
            .rated,
        );
        metSomewhere += alone.total.meetings;
      }
    }
    expect(metSomewhere).toBeGreaterThan(0);
  });

  it('finds the same open items as the engine, in the same order', async () => {
    const db = t.database.db;
    const rules = await loadComplianceRules(db);
    let found = 0;
    for (const [name, scopeFn] of scopes) {
      const scope = scopeFn();
      for (const asOf of [
        '2026-03-20',
        '2026-03-31',
        '2026-04-01',
        '2026-05-22',
        '2026-06-01',
        '2026-06-16',
        '2026-06-25',
        '2026-12-20',
        '2026-01-05',
      ]) {
        const loaded = await loadComplianceInput(
          db,
          scope,
          { from: asOf, to: addDays(asOf, 1) },
          {
            includePrevious: true,
          },
        );
        const expected = openItems(loaded.rules, loaded.orgs, loaded.meetings, asOf).map((i) => ({
          orgId: i.orgId,
          kind: i.kind,
          status: i.status,
        }));
        expect(await openItemsCounted(db, scope, rules, asOf), `${name} on ${asOf}`).toEqual(expected);
        found += expected.length;
      }
    }
    expect(found).toBeGreaterThan(50);
  });

  it('counts nothing when no rule is enabled', async () => {
    const db = t.database.db;
    await db.execute(sql`update meeting_rules set enabled = false`);
    try {
      const rules = await loadComplianceRules(db);
      const scope = scopeOf([paths.banner!]);
      expect(await ratedCounts(db, scope, rules, ranges[0]!, '2026-12-31')).toEqual({
        total: { rated: 0, met: 0, meetings: 0 },
        byKind: new Map(),
        byOrgType: new Map(),
      });
      expect(await openItemsCounted(db, scope, rules, '2026-12-31')).toEqual([]);
    } finally {
      await db.execute(sql`update meeting_rules set enabled = true where note is distinct from 'disabled'`);
    }
  });
});

/**
 * meeting_days against the meetings themselves: for every organisation, kind and year, the sorted days
 * of its counted meetings (a day twice for two meetings on it).
 */
async function daysDrift() {
  const db = t.database.db;
  const kept = await queryRows<{ key: string; days: string }>(
    db,
    sql`select year || '|' || unit_id || '|' || kind as key, array_to_string(array(select unnest(days) order by 1), ',') as days
        from meeting_days where cardinality(days) > 0 order by 1`,
  );
  const counted = await queryRows<{ key: string; days: string }>(
    db,
    sql`select extract(year from held_on)::int || '|' || unit_id || '|' || kind as key,
          string_agg((held_on - date '1970-01-01')::text, ',' order by held_on) as days
        from meetings where status in ${[...countingStatuses]} group by 1 order by 1`,
  );
  return { kept, counted };
}

describe("the counted meetings' days (meeting_days)", () => {
  it('follow the meetings through every change, and a rebuild gives the same', async () => {
    const db = t.database.db;
    const before = await daysDrift();
    expect(before.kept.length).toBeGreaterThan(50);
    expect(before.kept).toEqual(before.counted);

    const rows = await db.select().from(meetings).orderBy(meetings.heldOn, meetings.id).limit(40);
    const [voided, returned, approved, moved, rehomed, dropped, ...rest] = rows;
    const otherUnit = rows.find((r) => r.unitId !== rehomed!.unitId)!.unitId;
    await db.update(meetings).set({ status: 'voided' }).where(eq(meetings.id, voided!.id));
    await db.update(meetings).set({ status: 'returned' }).where(eq(meetings.id, returned!.id));
    await db.update(meetings).set({ status: 'approved' }).where(eq(meetings.id, returned!.id));
    await db.update(meetings).set({ status: 'submitted' }).where(eq(meetings.id, approved!.id));
    // Across a year: it leaves 2025's row and joins 2026's.
    await db.update(meetings).set({ heldOn: '2026-01-03' }).where(eq(meetings.id, moved!.id));
    await db.update(meetings).set({ unitId: otherUnit }).where(eq(meetings.id, rehomed!.id));
    await db.delete(meetings).where(eq(meetings.id, dropped!.id));
    // Two meetings on one day of one key, then one of them voided: the day stays once.
    const twin = rest[0]!;
    const [copy] = await db
      .insert(meetings)
      .values({ ...twin, id: undefined, status: 'approved' })
      .returning({ id: meetings.id });
    await db.update(meetings).set({ status: 'voided' }).where(eq(meetings.id, copy!.id));
    await db
      .update(meetings)
      .set({ status: 'approved', kind: 'lifeMeeting' })
      .where(
        inArray(
          meetings.id,
          rest.slice(1, 6).map((r) => r.id),
        ),
      );

    const after = await daysDrift();
    expect(after.kept).toEqual(after.counted);
    expect(after.kept).not.toEqual(before.kept);
    await rebuildMeetingDays(db);
    expect((await daysDrift()).kept).toEqual(after.counted);

    // And the figures read from them still equal the engine's.
    const scope = scopeOf([paths.banner!]);
    const range = { from: '2025-01-01', to: '2027-01-01' };
    const loaded = await loadComplianceInput(db, scope, range);
    const rated = evaluateRange(loaded.rules, loaded.orgs, loaded.meetings, range, '2026-12-31').filter(
      (e) => e.period.from >= range.from && e.period.to <= range.to && isRated(e),
    );
    const counted = await ratedCounts(db, scope, await loadComplianceRules(db), range, '2026-12-31');
    expect(sorted(counted.byKind)).toEqual(sorted(countEvaluations(rated, (e) => e.kind)));
  });

  it('keep the days of meetings written at once by several transactions', async () => {
    const db = t.database.db;
    const [template] = await db.select().from(meetings).limit(1);
    // A key no meeting has yet: each transaction adds to the row the other may be creating.
    const write = (heldOn: string) =>
      db.transaction(async (tx) => {
        await tx
          .insert(meetings)
          .values({ ...template!, id: undefined, kind: 'themeDay', heldOn, status: 'submitted' });
        await tx.execute(sql`select pg_sleep(0.05)`);
      });
    await Promise.all(['2031-03-01', '2031-03-02', '2031-03-03', '2031-03-04'].map(write));
    const [row] = await queryRows<{ days: string }>(
      db,
      sql`select array_to_string(array(select unnest(days) order by 1), ',') as days from meeting_days
          where year = 2031 and unit_id = ${template!.unitId} and kind = 'themeDay'`,
    );
    expect(row?.days.split(',').map(Number)).toEqual([22339, 22340, 22341, 22342]);
    const drift = await daysDrift();
    expect(drift.kept).toEqual(drift.counted);
  });
});

describe('counted meetings by kind, from their days', () => {
  it('equal a count of the meetings themselves for any dates, across years, in any scope', async () => {
    const db = t.database.db;
    const ranges = [
      { from: '2025-01-01', to: '2026-01-01' },
      { from: '2025-12-15', to: '2026-01-16' },
      { from: '2026-03-01', to: '2026-03-02' },
      { from: '2024-06-01', to: '2027-06-01' },
      { from: '2026-05-10', to: '2026-05-10' },
    ];
    let seen = 0;
    for (const [name, scopeFn] of scopes) {
      const scope = scopeFn();
      for (const range of ranges) {
        const rows = await queryRows<{ kind: string; n: number }>(
          db,
          sql`select m.kind, count(*)::int as n from meetings m join units u on u.id = m.unit_id
              where m.status in ${[...countingStatuses]} and m.held_on >= ${range.from}::date
                and m.held_on < ${range.to}::date and ${pathCondition(scope, sql`u.path`)}
              group by m.kind order by m.kind`,
        );
        const counted = await countedByKind(range, (year) => countedDaysOfYear(db, scope, year));
        expect(
          [...counted].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)),
          `${name}, ${range.from}–${range.to}`,
        ).toEqual(rows.map((row) => [row.kind, row.n]));
        seen += rows.reduce((sum, row) => sum + row.n, 0);
      }
    }
    expect(seen).toBeGreaterThan(500);
  });
});
