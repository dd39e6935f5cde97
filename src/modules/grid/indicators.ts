// Indicators of the grid module: grids and grid workers, and the case engine's set for grid events
// plus events by category. Every figure carries the ids it counted (grids or events).
import { and, asc, eq, sql } from 'drizzle-orm';
import { registerCaseIndicators, registerCaseType } from '../../platform/cases';
import { startOfChinaDay } from '../../platform/cases/calendar';
import { caseEntity, percent } from '../../platform/cases/indicators';
import { queryRows } from '../../platform/db';
import {
  evidenceIdsCondition,
  evidencePage,
  registerEvidenceEntity,
  totalRows,
} from '../../platform/indicators/evidence';
import { registerIndicator } from '../../platform/indicators/registry';
import { pathCondition, type Scope } from '../../platform/scope';
import { units } from '../orgs';
import { categoryTree } from './events/categories';
import { registerGridEventIndicators } from './events/indicators';
import { gridEventType } from './events/type';
import { grids } from './schema';
import { registerGridWorkIndicators } from './workIndicators';

const gridEvidence = (ids: string[]) => ({ entity: 'grid', ids });

/** Active grids in scope existing at `until`, with whether they had an active worker. */
async function gridsIn(db: Parameters<typeof queryRows>[0], scope: Scope, until: string) {
  if (scope.paths.length === 0) return [];
  return queryRows<{ id: string; staffed: boolean }>(
    db,
    sql`select g.id, exists (select 1 from grid_workers w where w.grid_id = g.id and w.active) as staffed
        from grids g join units on units.id = g.unit_id
        where g.active and g.created_at < (${until}::date + 1) and ${pathCondition(scope, units.path)}`,
  );
}

let registered = false;

/** Registers the grid event case type, its indicators and the grid indicators (idempotent). */
export function registerGridIndicators(): void {
  registerCaseType(gridEventType);
  if (registered) return;
  registered = true;
  registerCaseIndicators(gridEventType);
  registerGridEventIndicators();
  registerGridWorkIndicators();

  registerEvidenceEntity({
    entity: 'grid',
    name: '网格',
    permission: 'grid.read',
    resolve: (db, scope, ids, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: grids.id,
              name: grids.name,
              code: grids.code,
              path: units.path,
              total: totalRows,
            })
            .from(grids)
            .innerJoin(units, eq(units.id, grids.unitId))
            .where(and(evidenceIdsCondition(grids.id, ids), pathCondition(scope, units.path)))
            .orderBy(asc(units.path), asc(grids.code))
            .limit(limit)
            .offset(offset),
        (r) => ({
          id: r.id,
          title: r.name,
          subtitle: `网格编码 ${r.code}`,
          link: `/grid/grids/${r.id}`,
        }),
      ),
  });

  registerIndicator({
    key: 'grid.grids',
    name: '网格数量',
    unit: '个',
    module: 'grid',
    description: '期末在用的网格（嘎查、社区下划分）',
    async compute({ db, scope, period }) {
      const rows = await gridsIn(db, scope, period.to);
      return { value: rows.length, evidence: gridEvidence(rows.map((r) => r.id)) };
    },
  });

  registerIndicator({
    key: 'grid.staffedRate',
    name: '网格员配备率',
    unit: '%',
    module: 'grid',
    description: '期末至少配备一名在岗网格员的网格 ÷ 网格总数；依据为已配备的网格',
    async compute({ db, scope, period }) {
      const rows = await gridsIn(db, scope, period.to);
      const staffed = rows.filter((r) => r.staffed).map((r) => r.id);
      return {
        value: percent(staffed.length, rows.length),
        evidence: gridEvidence(staffed),
      };
    },
  });

  registerIndicator({
    key: 'grid.event.byCategory',
    name: '网格事件数（按分类）',
    unit: '件',
    module: 'grid',
    description: '期内受理登记的网格事件，按一级分类分组',
    async compute(input) {
      const { db, scope, period } = input;
      const entity = caseEntity(gridEventType);
      if (scope.paths.length === 0) return { value: 0, evidence: { entity, ids: [] } };
      // The same days as the engine's 受理量 (grid.event.received): China's calendar days of the period.
      const received = sql`cases c join units on units.id = c.unit_id left join grid_events ge on ge.case_id = c.id
            where c.type = ${gridEventType.key}
              and c.created_at >= ${startOfChinaDay(period.from).toISOString()}::timestamptz
              and c.created_at < ${startOfChinaDay(period.to).toISOString()}::timestamptz
              and ${pathCondition(scope, units.path)}`;
      const topCategory = sql`split_part(coalesce(ge.category_key, c.category, 'other'), '.', 1)`;
      const tree = await categoryTree(db);
      if (input.evidence === 'count') {
        const rows = await queryRows<{ top: string; n: number }>(
          db,
          sql`select ${topCategory} as top, count(*)::int as n from ${received} group by 1`,
        );
        const counts = new Map(rows.map((r) => [r.top, Number(r.n)]));
        const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
        return {
          value: total,
          evidence: { entity, ids: [], count: total },
          breakdown: tree.map((top) => {
            const n = counts.get(top.key) ?? 0;
            return { key: top.key, label: top.name, value: n, evidence: { entity, ids: [], count: n } };
          }),
        };
      }
      const rows = await queryRows<{ id: string; top: string }>(
        db,
        sql`select c.id, ${topCategory} as top from ${received}`,
      );
      return {
        value: rows.length,
        evidence: { entity, ids: rows.map((r) => r.id) },
        breakdown: tree.map((top) => {
          const ids = rows.filter((r) => r.top === top.key).map((r) => r.id);
          return { key: top.key, label: top.name, value: ids.length, evidence: { entity, ids } };
        }),
      };
    },
  });
}
