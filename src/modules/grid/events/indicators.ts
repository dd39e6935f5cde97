// Indicators of grid events beyond the case engine's set: how promptly grid workers report, and
// events by grid. Each figure carries the events it counted.
import { type SQL, sql } from 'drizzle-orm';
import { startOfChinaDay } from '../../../platform/cases/calendar';
import { acceptOverdueAt, caseEntity, closeOverdueAt, percent } from '../../../platform/cases/indicators';
import { queryRows } from '../../../platform/db';
import type { Period } from '../../../platform/indicators/period';
import {
  batchKeyOf,
  type IndicatorInput,
  type IndicatorValue,
  registerIndicator,
  sharedWork,
} from '../../../platform/indicators/registry';
import { pathCondition } from '../../../platform/scope';
import { units } from '../../orgs';
import { gridEventSettings } from './settings';
import { gridEventType } from './type';

const entity = caseEntity(gridEventType);

/** Cases created in the half-open period [from, to) of China calendar days. */
const createdIn = (period: Period) =>
  sql`c.created_at >= ${startOfChinaDay(period.from).toISOString()}::timestamptz
    and c.created_at < ${startOfChinaDay(period.to).toISOString()}::timestamptz`;

/** Grid events (cases c joined to units) in scope matching `where`, each with its grid (g), if any. */
const gridEventsWhere = (scope: IndicatorInput['scope'], where: SQL) =>
  sql`cases c join units on units.id = c.unit_id
          left join grid_events ge on ge.case_id = c.id left join grids g on g.id = ge.grid_id
        where c.type = ${gridEventType.key} and ${pathCondition(scope, units.path)} and ${where}`;

const gridName = sql`g.name || '（' || g.code || '）'`;

interface GridCount {
  gridId: string | null;
  gridName: string | null;
  n: number;
}

/**
 * Grid events in scope matching `where`, counted by grid in grid order (those outside every grid as
 * one row): each grid's id and name, and the `counts` columns (aggregates over the grid's events).
 */
function countsByGrid<Counts>(
  db: IndicatorInput['db'],
  scope: IndicatorInput['scope'],
  where: SQL,
  counts: SQL,
): Promise<Array<Omit<GridCount, 'n'> & Counts>> {
  return queryRows(
    db,
    sql`select g.id as "gridId", min(${gridName}) as "gridName", ${counts}
        from ${gridEventsWhere(scope, where)}
        group by g.id order by min(g.code) nulls last`,
  );
}

/** A by-grid figure from counts per grid in grid order (grids counting none left out). */
function countedByGrid(rows: readonly GridCount[]): IndicatorValue {
  const counted = rows.filter((row) => Number(row.n) > 0);
  const total = counted.reduce((sum, row) => sum + Number(row.n), 0);
  return {
    value: total,
    evidence: { entity, ids: [], count: total },
    breakdown: counted.map((row) => ({
      key: row.gridId ?? 'none',
      label: row.gridName ?? '未落入网格',
      value: Number(row.n),
      evidence: { entity, ids: [], count: Number(row.n) },
    })),
  };
}

/**
 * Grid events matching `where`, grouped by the grid they lie in, those outside every grid on their
 * own; with only counts, counted in the database.
 */
async function byGrid(
  input: Pick<IndicatorInput, 'db' | 'scope' | 'evidence'>,
  where: SQL,
): Promise<IndicatorValue> {
  const { db, scope } = input;
  if (scope.paths.length === 0) return { value: 0, evidence: { entity, ids: [] }, breakdown: [] };
  if (input.evidence === 'count')
    return countedByGrid(await countsByGrid<{ n: number }>(db, scope, where, sql`count(*)::int as n`));
  const rows = await queryRows<{ id: string; gridId: string | null; gridName: string | null }>(
    db,
    sql`select c.id, g.id as "gridId", ${gridName} as "gridName" from ${gridEventsWhere(scope, where)}
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

/**
 * The grid map's two figures when only counts are asked for: by grid, the events open at the period's
 * end (or now) and how many of them are overdue, in one grouped count that both figures of a batch read.
 */
async function openByGridCounts(input: IndicatorInput, figure: 'open' | 'overdue'): Promise<IndicatorValue> {
  const { db, scope, period } = input;
  if (scope.paths.length === 0) return countedByGrid([]);
  const rows = await sharedWork(input, `gridOpenOverdue|${batchKeyOf(scope, period)}`, () => {
    const asOf = asOfSql(period);
    return countsByGrid<{ open: number; overdue: number }>(
      db,
      scope,
      openAt(asOf),
      sql`count(*)::int as open, (count(*) filter (where ${overdueAt(asOf)}))::int as overdue`,
    );
  });
  return countedByGrid(rows.map((row) => ({ ...row, n: row[figure] })));
}

/** Registers grid.event.reportedOnTime and the by-grid figures (reported, open, overdue). */
export function registerGridEventIndicators(): void {
  registerIndicator({
    key: 'grid.event.reportedOnTime',
    name: '网格员上报及时率',
    unit: '%',
    module: 'grid',
    description:
      '期内网格员上报且填写了发生时间的事件中，在发生后规定小时数（事件设置，默认 24 小时）内上报的比例；依据为及时上报的事件',
    async compute(input) {
      const { db, scope, period } = input;
      if (scope.paths.length === 0) return { value: null, evidence: { entity, ids: [] } };
      const { reportWithinHours } = await gridEventSettings(db);
      const timely = sql`(c.created_at - ge.occurred_at) <= make_interval(hours => ${reportWithinHours}::int)`;
      const reported = sql`cases c join grid_events ge on ge.case_id = c.id join units on units.id = c.unit_id
            where c.type = ${gridEventType.key} and ge.source = 'gridWorker' and ge.occurred_at is not null
              and ${createdIn(period)} and ${pathCondition(scope, units.path)}`;
      if (input.evidence === 'count') {
        const [row] = await queryRows<{ timely: number; n: number }>(
          db,
          sql`select count(*) filter (where ${timely})::int as timely, count(*)::int as n from ${reported}`,
        );
        const onTime = Number(row?.timely ?? 0);
        return { value: percent(onTime, Number(row?.n ?? 0)), evidence: { entity, ids: [], count: onTime } };
      }
      const rows = await queryRows<{ id: string; timely: boolean }>(
        db,
        sql`select c.id, ${timely} as timely from ${reported}`,
      );
      const onTime = rows.filter((r) => r.timely).map((r) => r.id);
      return { value: percent(onTime.length, rows.length), evidence: { entity, ids: onTime } };
    },
  });

  registerIndicator({
    key: 'grid.event.byGrid',
    name: '网格事件数（按网格）',
    unit: '件',
    module: 'grid',
    description: '期内登记的网格事件，按所在网格分组（未落入网格的单列）',
    compute: (input) => byGrid(input, createdIn(input.period)),
  });

  registerIndicator({
    key: 'grid.event.openByGrid',
    name: '在办网格事件数（按网格）',
    unit: '件',
    module: 'grid',
    description: '截至期末（或当前）已登记、尚未办结的网格事件，按所在网格分组；驾驶舱网格地图的着色依据',
    compute: (input) =>
      input.evidence === 'count'
        ? openByGridCounts(input, 'open')
        : byGrid(input, openAt(asOfSql(input.period))),
  });

  registerIndicator({
    key: 'grid.event.overdueByGrid',
    name: '超期未办结网格事件数（按网格）',
    unit: '件',
    module: 'grid',
    description: '截至期末（或当前）已超过受理或办理期限、未暂停计时且未办结的网格事件，按所在网格分组',
    compute: (input) =>
      input.evidence === 'count'
        ? openByGridCounts(input, 'overdue')
        : byGrid(input, overdueAt(asOfSql(input.period))),
  });
}
