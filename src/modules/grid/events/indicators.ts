// Indicators of grid events beyond the case engine's set: how promptly grid workers report, and
// events by grid. Each figure carries the events it counted.
import { type SQL, sql } from 'drizzle-orm';
import { startOfChinaDay } from '../../../platform/cases/calendar';
import { acceptOverdueAt, caseEntity, closeOverdueAt } from '../../../platform/cases/indicators';
import { type Db, queryRows } from '../../../platform/db';
import type { Period } from '../../../platform/indicators/period';
import { type IndicatorValue, registerIndicator } from '../../../platform/indicators/registry';
import { pathCondition, type Scope } from '../../../platform/scope';
import { units } from '../../orgs';
import { gridEventSettings } from './settings';
import { gridEventType } from './type';

const entity = caseEntity(gridEventType);

/** Cases created in the half-open period [from, to) of China calendar days. */
const createdIn = (period: Period) =>
  sql`c.created_at >= ${startOfChinaDay(period.from).toISOString()}::timestamptz
    and c.created_at < ${startOfChinaDay(period.to).toISOString()}::timestamptz`;

/**
 * Grid events matching `where` (over cases c joined to units), grouped by the grid they lie in, those
 * outside every grid on their own.
 */
async function byGrid(db: Db, scope: Scope, where: SQL): Promise<IndicatorValue> {
  if (scope.paths.length === 0) return { value: 0, evidence: { entity, ids: [] }, breakdown: [] };
  const rows = await queryRows<{ id: string; gridId: string | null; gridName: string | null }>(
    db,
    sql`select c.id, g.id as "gridId", g.name || '（' || g.code || '）' as "gridName"
        from cases c join units on units.id = c.unit_id
          left join grid_events ge on ge.case_id = c.id left join grids g on g.id = ge.grid_id
        where c.type = ${gridEventType.key} and ${pathCondition(scope, units.path)} and ${where}
        order by g.code nulls last, c.created_at, c.id`,
  );
  const groups = new Map<string, { label: string; ids: string[] }>();
  for (const row of rows) {
    const key = row.gridId ?? 'none';
    const group = groups.get(key) ?? { label: row.gridName ?? '未落入网格', ids: [] };
    group.ids.push(row.id);
    groups.set(key, group);
  }
  return {
    value: rows.length,
    evidence: { entity, ids: rows.map((r) => r.id) },
    breakdown: [...groups].map(([key, group]) => ({
      key,
      label: group.label,
      value: group.ids.length,
      evidence: { entity, ids: group.ids },
    })),
  };
}

/** The instant "now" figures are judged at: the period's end, or now while the period runs. */
const asOfSql = (period: Period, now = new Date()) =>
  sql`${new Date(Math.min(startOfChinaDay(period.to).getTime(), now.getTime())).toISOString()}::timestamptz`;

/** Open at the instant: reported before it and not closed by then (over cases aliased `c`). */
export const openAt = (asOf: SQL) =>
  sql`c.created_at < ${asOf} and (c.closed_at is null or c.closed_at >= ${asOf})`;

/**
 * Past a deadline at the instant and not paused: the case engine's "overdue now" (超期未办结), built from
 * the engine's own rules.
 */
export const overdueAt = (asOf: SQL) =>
  sql`${openAt(asOf)} and ((${acceptOverdueAt(asOf)}) or (${closeOverdueAt(asOf)}))`;

/** Registers grid.event.reportedOnTime and the by-grid figures (reported, open, overdue). */
export function registerGridEventIndicators(): void {
  registerIndicator({
    key: 'grid.event.reportedOnTime',
    name: '网格员上报及时率',
    unit: '%',
    module: 'grid',
    description:
      '期内网格员上报且填写了发生时间的事件中，在发生后规定小时数（事件设置，默认 24 小时）内上报的比例；依据为及时上报的事件',
    async compute({ db, scope, period }) {
      if (scope.paths.length === 0) return { value: null, evidence: { entity, ids: [] } };
      const { reportWithinHours } = await gridEventSettings(db);
      const rows = await queryRows<{ id: string; timely: boolean }>(
        db,
        sql`select c.id, (c.created_at - ge.occurred_at) <= make_interval(hours => ${reportWithinHours}::int) as timely
            from cases c join grid_events ge on ge.case_id = c.id join units on units.id = c.unit_id
            where c.type = ${gridEventType.key} and ge.source = 'gridWorker' and ge.occurred_at is not null
              and ${createdIn(period)} and ${pathCondition(scope, units.path)}`,
      );
      const timely = rows.filter((r) => r.timely).map((r) => r.id);
      return {
        value: rows.length === 0 ? null : Math.round((timely.length / rows.length) * 1000) / 10,
        evidence: { entity, ids: timely },
      };
    },
  });

  registerIndicator({
    key: 'grid.event.byGrid',
    name: '网格事件数（按网格）',
    unit: '件',
    module: 'grid',
    description: '期内登记的网格事件，按所在网格分组（未落入网格的单列）',
    compute: ({ db, scope, period }) => byGrid(db, scope, createdIn(period)),
  });

  registerIndicator({
    key: 'grid.event.openByGrid',
    name: '在办网格事件数（按网格）',
    unit: '件',
    module: 'grid',
    description: '截至期末（或当前）已登记、尚未办结的网格事件，按所在网格分组；驾驶舱网格地图的着色依据',
    compute: ({ db, scope, period }) => byGrid(db, scope, openAt(asOfSql(period))),
  });

  registerIndicator({
    key: 'grid.event.overdueByGrid',
    name: '超期未办结网格事件数（按网格）',
    unit: '件',
    module: 'grid',
    description: '截至期末（或当前）已超过受理或办理期限、未暂停计时且未办结的网格事件，按所在网格分组',
    compute: ({ db, scope, period }) => byGrid(db, scope, overdueAt(asOfSql(period))),
  });
}
