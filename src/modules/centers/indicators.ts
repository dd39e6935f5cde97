import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db';
import {
  batchKeyOf,
  type IndicatorGroup,
  type IndicatorInput,
  ownPart,
  type Period,
  readScopeOf,
  registerIndicator,
  sharedWork,
} from '../../platform/indicators/registry';
import type { Scope } from '../../platform/scope';
import { unitTypeName } from '../orgs';
import { centerUnitTypes, upgradeStatuses, upgradeStatusNames } from './contract';
import { registerCentersEvidence } from './evidence';
import { asPercent, averageShare, ratio } from './progress';
import { type CentreUnit, centresInScope, progressOfCentres, type Township, townshipsOf } from './standing';

const evidenceOf = (ids: string[]) => ({ entity: 'serviceCenter', ids });

/** Groups centres by 苏木镇 in tree order, keeping every township that has a centre. */
function byTownship(centres: readonly CentreUnit[], towns: Map<string, Township>) {
  const groups = new Map<string, { label: string; centres: CentreUnit[] }>();
  for (const centre of centres) {
    const town = towns.get(centre.id)!;
    const group = groups.get(town.key) ?? { label: town.label, centres: [] };
    group.centres.push(centre);
    groups.set(town.key, group);
  }
  return [...groups.entries()].map(([key, group]) => ({ key, ...group }));
}

/** Everything the standard indicators need for a scope and period, in three queries. */
async function standingIn(db: Db, scope: Scope, period: Period) {
  const centres = await centresInScope(db, scope, period.to);
  const [progress, towns] = await Promise.all([
    progressOfCentres(db, { scope, existingBefore: period.to }, period.to),
    townshipsOf(db, centres),
  ]);
  return { centres, progress, towns };
}

/**
 * The standing of the centres the computation counts: read once per batch for the scope it is part
 * of (the comparison's parent), then narrowed to its own centres; a centre's progress and township do
 * not depend on the scope it is seen from.
 */
async function standingOf(input: IndicatorInput) {
  const whole = readScopeOf(input);
  const standing = await sharedWork(input, `centresStanding|${batchKeyOf(whole, input.period)}`, () =>
    standingIn(input.db, whole, input.period),
  );
  const centres = ownPart(input, standing.centres, (centre) => centre.unitPath);
  return { centres, progress: standing.progress, groups: byTownship(centres, standing.towns) };
}

/** Live items at the end of the period per centre in scope. */
async function itemCounts(db: Db, centres: CentreUnit[], period: Period) {
  if (centres.length === 0) return { ids: [] as string[], perCentre: new Map<string, string[]>() };
  const rows = await queryRows<{ id: string; centerId: string }>(
    db,
    sql`select id, center_id as "centerId" from center_service_items
      where center_id in ${centres.map((c) => c.id)} and created_at < ${period.to}::date
        and (removed_at is null or removed_at >= ${period.to}::date)`,
  );
  const perCentre = new Map<string, string[]>();
  for (const row of rows) perCentre.set(row.centerId, [...(perCentre.get(row.centerId) ?? []), row.id]);
  return { ids: rows.map((r) => r.id), perCentre };
}

/** Registers the centers module's indicators and the drill-down of the centres and items they count. */
export function registerCentersIndicators(): void {
  registerCentersEvidence();
  registerIndicator({
    key: 'centers.count',
    name: '党群服务中心数量',
    unit: '个',
    module: 'centers',
    description: '按单位类型（苏木、镇、嘎查、社区）分组',
    async compute({ db, scope, period }) {
      const centres = await centresInScope(db, scope, period.to);
      const breakdown: IndicatorGroup[] = centerUnitTypes.map((type) => {
        const ids = centres.filter((c) => c.unitType === type).map((c) => c.id);
        return { key: type, label: unitTypeName(type), value: ids.length, evidence: evidenceOf(ids) };
      });
      return { value: centres.length, evidence: evidenceOf(centres.map((c) => c.id)), breakdown };
    },
  });

  registerIndicator({
    key: 'centers.meetingStandard',
    name: '达标党群服务中心数',
    unit: '个',
    module: 'centers',
    description: '最近一次评估全部条目达标的中心，按苏木镇分组',
    async compute(input) {
      const { centres, progress, groups } = await standingOf(input);
      const meeting = (list: readonly CentreUnit[]) =>
        list.filter((c) => progress.get(c.id)?.meetsStandard).map((c) => c.id);
      const ids = meeting(centres);
      return {
        value: ids.length,
        evidence: evidenceOf(ids),
        breakdown: groups.map((g) => {
          const own = meeting(g.centres);
          return { key: g.key, label: g.label, value: own.length, evidence: evidenceOf(own) };
        }),
      };
    },
  });

  registerIndicator({
    key: 'centers.meetingStandardRate',
    name: '党群服务中心达标率',
    unit: '%',
    module: 'centers',
    description: '达标中心数 ÷ 有适用标准的中心数，按苏木镇分组',
    async compute(input) {
      const { centres, progress, groups } = await standingOf(input);
      const rate = (list: readonly CentreUnit[]) => {
        const judged = list.filter((c) => (progress.get(c.id)?.itemCount ?? 0) > 0);
        const met = judged.filter((c) => progress.get(c.id)?.meetsStandard);
        return {
          value: judged.length === 0 ? null : asPercent(met.length / judged.length),
          evidence: evidenceOf(met.map((c) => c.id)),
        };
      };
      return {
        ...rate(centres),
        breakdown: groups.map((g) => ({ key: g.key, label: g.label, ...rate(g.centres) })),
      };
    },
  });

  registerIndicator({
    key: 'centers.upgradeProgress',
    name: '提档升级平均进度',
    unit: '%',
    module: 'centers',
    description: '已评估中心最近一次评估的达标条目占比的平均值，按苏木镇分组',
    async compute(input) {
      const { centres, progress, groups } = await standingOf(input);
      const average = (list: readonly CentreUnit[]) => {
        const assessed = list.filter((c) => (progress.get(c.id)?.share ?? null) !== null);
        return {
          value: asPercent(averageShare(assessed.map((c) => progress.get(c.id)!.share))),
          evidence: evidenceOf(assessed.map((c) => c.id)),
        };
      };
      return {
        ...average(centres),
        breakdown: groups.map((g) => ({ key: g.key, label: g.label, ...average(g.centres) })),
      };
    },
  });

  registerIndicator({
    key: 'centers.upgradePlans',
    name: '提档升级计划',
    unit: '个',
    module: 'centers',
    description: '按提档升级计划状态分组的中心数',
    async compute({ db, scope, period }) {
      const centres = await centresInScope(db, scope, period.to);
      const rows =
        centres.length === 0
          ? []
          : await queryRows<{ id: string; upgradeStatus: string }>(
              db,
              sql`select id, upgrade_status as "upgradeStatus" from service_centers where id in ${centres.map((c) => c.id)}`,
            );
      const planned = rows.filter((r) => r.upgradeStatus !== 'none').map((r) => r.id);
      return {
        value: planned.length,
        evidence: evidenceOf(planned),
        breakdown: upgradeStatuses.map((status) => {
          const ids = rows.filter((r) => r.upgradeStatus === status).map((r) => r.id);
          return {
            key: status,
            label: upgradeStatusNames[status],
            value: ids.length,
            evidence: evidenceOf(ids),
          };
        }),
      };
    },
  });

  registerIndicator({
    key: 'centers.serviceItems.total',
    name: '便民服务事项总数',
    unit: '项',
    module: 'centers',
    description: '各中心清单中的事项（含未公开），按单位类型分组',
    async compute({ db, scope, period }) {
      const centres = await centresInScope(db, scope, period.to);
      const { ids, perCentre } = await itemCounts(db, centres, period);
      return {
        value: ids.length,
        evidence: { entity: 'centerServiceItem', ids },
        breakdown: centerUnitTypes.map((type) => {
          const own = centres.filter((c) => c.unitType === type).flatMap((c) => perCentre.get(c.id) ?? []);
          return {
            key: type,
            label: unitTypeName(type),
            value: own.length,
            evidence: { entity: 'centerServiceItem', ids: own },
          };
        }),
      };
    },
  });

  registerIndicator({
    key: 'centers.serviceItems.perCenter',
    name: '平均每个中心便民服务事项数',
    unit: '项',
    module: 'centers',
    description: '事项总数 ÷ 中心数，按苏木镇分组',
    async compute({ db, scope, period }) {
      const centres = await centresInScope(db, scope, period.to);
      const [{ perCentre }, towns] = await Promise.all([
        itemCounts(db, centres, period),
        townshipsOf(db, centres),
      ]);
      const average = (list: CentreUnit[]) => ({
        value: ratio(
          list.reduce((sum, c) => sum + (perCentre.get(c.id)?.length ?? 0), 0),
          list.length,
        ),
        evidence: evidenceOf(list.map((c) => c.id)),
      });
      return {
        ...average(centres),
        breakdown: byTownship(centres, towns).map((g) => ({
          key: g.key,
          label: g.label,
          ...average(g.centres),
        })),
      };
    },
  });
}
