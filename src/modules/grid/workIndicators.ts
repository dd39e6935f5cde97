// Indicators of grid work beyond events: households, 党员中心户, patrol coverage and co-building, each
// with the records it counted and a drill-down list of them.
import { and, asc, eq, sql } from 'drizzle-orm';
import { startOfChinaDay } from '../../platform/cases/calendar';
import { type Db, queryRows } from '../../platform/db';
import {
  evidenceIdsCondition,
  evidencePage,
  registerEvidenceEntity,
  totalRows,
} from '../../platform/indicators/evidence';
import { addDays } from '../../platform/indicators/period';
import { evidenceOf, type IndicatorDefinition, registerIndicator } from '../../platform/indicators/registry';
import { pathCondition, type Scope } from '../../platform/scope';
import { units } from '../orgs';
import { people } from '../people';
import { partyMembers } from '../members';
import { coBuildingKindNames } from './coBuilding/contract';
import { coBuildingVisible } from './coBuilding/service';
import { coBuildingItems, coBuildingUnits, grids, households, memberHouseholds } from './schema';
import { patrolCoverage } from './patrols/service';

/** Rows created before the period ends: periods are half-open, so before `to`'s first moment, China time. */
const existedBy = (column: unknown, to: string) =>
  sql`${column} < ${startOfChinaDay(to).toISOString()}::timestamptz`;

async function idsOf(db: Db, query: ReturnType<typeof sql>) {
  return (await queryRows<{ id: string }>(db, query)).map((r) => r.id);
}

type ComputeInput = Parameters<IndicatorDefinition['compute']>[0];

/** A count indicator of the grid module: the value is the number of records found, which are its evidence. */
function countIndicator(
  definition: Pick<IndicatorDefinition, 'key' | 'name' | 'unit' | 'description'>,
  entity: string,
  find: (input: ComputeInput) => Promise<string[]>,
): void {
  registerIndicator({
    ...definition,
    module: 'grid',
    async compute(input) {
      const ids = await find(input);
      return { value: ids.length, evidence: evidenceOf(input, entity, ids) };
    },
  });
}

function registerEvidence(): void {
  registerEvidenceEntity({
    entity: 'gridHousehold',
    name: '网格住户',
    permission: 'grid.read',
    resolve: (db, scope, ids, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: households.id,
              address: households.address,
              headName: households.headName,
              gridName: grids.name,
              path: units.path,
              total: totalRows,
            })
            .from(households)
            .innerJoin(grids, eq(grids.id, households.gridId))
            .innerJoin(units, eq(units.id, grids.unitId))
            .where(and(evidenceIdsCondition(households.id, ids), pathCondition(scope, units.path)))
            .orderBy(asc(units.path), asc(households.address))
            .limit(limit)
            .offset(offset),
        (r) => ({
          id: r.id,
          title: `${r.headName}户`,
          subtitle: `${r.gridName} · ${r.address}`,
          link: `/grid/households?q=${encodeURIComponent(r.headName)}`,
        }),
      ),
  });
  registerEvidenceEntity({
    entity: 'gridMemberHousehold',
    name: '党员中心户',
    permission: 'grid.read',
    resolve: (db, scope, ids, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: memberHouseholds.id,
              name: people.name,
              gridId: grids.id,
              gridName: grids.name,
              links: sql<number>`(select count(*)::int from grid_member_household_links l
                where l.member_household_id = ${memberHouseholds.id})`,
              path: units.path,
              total: totalRows,
            })
            .from(memberHouseholds)
            .innerJoin(grids, eq(grids.id, memberHouseholds.gridId))
            .innerJoin(units, eq(units.id, grids.unitId))
            .innerJoin(partyMembers, eq(partyMembers.id, memberHouseholds.partyMemberId))
            .innerJoin(people, eq(people.id, partyMembers.personId))
            .where(and(evidenceIdsCondition(memberHouseholds.id, ids), pathCondition(scope, units.path)))
            .orderBy(asc(units.path), asc(people.name))
            .limit(limit)
            .offset(offset),
        (r) => ({
          id: r.id,
          title: r.name,
          subtitle: `${r.gridName} · 联系 ${r.links} 户`,
          link: `/grid/grids/${r.gridId}`,
        }),
      ),
  });
  registerEvidenceEntity({
    entity: 'coBuildingUnit',
    name: '共驻共建单位',
    permission: 'grid.read',
    resolve: (db, scope, ids, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: coBuildingUnits.id,
              name: coBuildingUnits.name,
              kind: coBuildingUnits.kind,
              path: units.path,
              total: totalRows,
            })
            .from(coBuildingUnits)
            .innerJoin(units, eq(units.id, coBuildingUnits.unitId))
            .where(and(evidenceIdsCondition(coBuildingUnits.id, ids), coBuildingVisible(scope)))
            .orderBy(asc(coBuildingUnits.name), asc(coBuildingUnits.id))
            .limit(limit)
            .offset(offset),
        (r) => ({
          id: r.id,
          title: r.name,
          subtitle: coBuildingKindNames[r.kind as keyof typeof coBuildingKindNames] ?? r.kind,
          link: `/grid/co-building/${r.id}`,
        }),
      ),
  });
  registerEvidenceEntity({
    entity: 'coBuildingItem',
    name: '共建项目',
    permission: 'grid.read',
    resolve: (db, scope, ids, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: coBuildingItems.id,
              title: coBuildingItems.title,
              completedOn: coBuildingItems.completedOn,
              ownerId: coBuildingUnits.id,
              name: coBuildingUnits.name,
              path: units.path,
              total: totalRows,
            })
            .from(coBuildingItems)
            .innerJoin(coBuildingUnits, eq(coBuildingUnits.id, coBuildingItems.coBuildingUnitId))
            .innerJoin(units, eq(units.id, coBuildingUnits.unitId))
            .where(and(evidenceIdsCondition(coBuildingItems.id, ids), coBuildingVisible(scope)))
            .orderBy(asc(coBuildingUnits.name), asc(coBuildingItems.title))
            .limit(limit)
            .offset(offset),
        (r) => ({
          id: r.id,
          title: r.title,
          subtitle: [r.name, r.completedOn ? `${r.completedOn} 完成` : ''].filter(Boolean).join(' · '),
          link: `/grid/co-building/${r.ownerId}`,
        }),
      ),
  });
}

/** Registers the households, 党员中心户, patrol and co-building indicators with their evidence lists. */
export function registerGridWorkIndicators(): void {
  registerEvidence();

  countIndicator(
    { key: 'grid.households', name: '网格住户数', unit: '户', description: '期末在册（未迁出）的网格住户' },
    'gridHousehold',
    async ({ db, scope, period }) =>
      scope.paths.length === 0
        ? []
        : idsOf(
            db,
            sql`select h.id from grid_households h join grids g on g.id = h.grid_id join units on units.id = g.unit_id
                where h.active and g.active and ${existedBy(sql`h.created_at`, period.to)}
                  and ${pathCondition(scope, units.path)}`,
          ),
  );

  countIndicator(
    {
      key: 'grid.memberHouseholds',
      name: '党员中心户数',
      unit: '户',
      description: '期末在册的党员中心户（每名党员在一个网格内计一户）',
    },
    'gridMemberHousehold',
    async ({ db, scope, period }) =>
      scope.paths.length === 0
        ? []
        : idsOf(
            db,
            sql`select m.id from grid_member_households m join grids g on g.id = m.grid_id
                join units on units.id = g.unit_id
                where m.active and g.active and ${existedBy(sql`m.created_at`, period.to)}
                  and ${pathCondition(scope, units.path)}`,
          ),
  );

  registerIndicator({
    key: 'grid.patrolCoverage',
    name: '网格巡查覆盖率',
    unit: '%',
    module: 'grid',
    description:
      '按周计算：期内每个网格每周（周一至周日）至少巡查一次记为该周已覆盖；覆盖率 = 已覆盖的“网格·周”数 ÷（网格数 × 周数）。依据为每周都有巡查的网格和有周次漏巡的网格',
    async compute({ db, scope, period }) {
      // The coverage query takes its last day inclusive; the period's `to` is the first day after it.
      const coverage = await patrolCoverage(db, scope as Scope, {
        from: period.from,
        to: addDays(period.to, -1),
      });
      const full = coverage.grids.filter((g) => g.weeksCovered >= coverage.weeks).map((g) => g.gridId);
      const gaps = coverage.grids.filter((g) => g.weeksCovered < coverage.weeks).map((g) => g.gridId);
      return {
        value: coverage.share === null ? null : Math.round(coverage.share * 1000) / 10,
        evidence: { entity: 'grid', ids: full },
        breakdown: [
          { key: 'full', label: '每周都有巡查', value: full.length, evidence: { entity: 'grid', ids: full } },
          { key: 'gaps', label: '有周次漏巡', value: gaps.length, evidence: { entity: 'grid', ids: gaps } },
        ],
      };
    },
  });

  countIndicator(
    {
      key: 'grid.coBuildingUnits',
      name: '共驻共建单位数',
      unit: '个',
      description: '期末在册、与范围内嘎查/社区结对或由范围内单位登记的共驻共建单位',
    },
    'coBuildingUnit',
    async ({ db, scope, period }) =>
      (
        await db
          .select({ id: coBuildingUnits.id })
          .from(coBuildingUnits)
          .where(
            and(
              eq(coBuildingUnits.active, true),
              coBuildingVisible(scope),
              existedBy(coBuildingUnits.createdAt, period.to),
            ),
          )
      ).map((r) => r.id),
  );

  countIndicator(
    {
      key: 'grid.coBuildingProjectsDone',
      name: '共建项目完成数',
      unit: '个',
      description: '期内完成（状态改为“已完成”）的共驻共建项目',
    },
    'coBuildingItem',
    async ({ db, scope, period }) =>
      (
        await db
          .select({ id: coBuildingItems.id })
          .from(coBuildingItems)
          .innerJoin(coBuildingUnits, eq(coBuildingUnits.id, coBuildingItems.coBuildingUnitId))
          .where(
            and(
              eq(coBuildingItems.active, true),
              eq(coBuildingItems.kind, 'project'),
              eq(coBuildingItems.status, 'done'),
              sql`${coBuildingItems.completedOn} >= ${period.from}::date and ${coBuildingItems.completedOn} < ${period.to}::date`,
              eq(coBuildingUnits.active, true),
              coBuildingVisible(scope),
            ),
          )
      ).map((r) => r.id),
  );
}
