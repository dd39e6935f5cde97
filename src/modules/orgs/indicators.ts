import { and, eq, sql } from 'drizzle-orm';
import { registerIndicator } from '../../platform/indicators/registry';
import { pathCondition } from '../../platform/scope';
import { units } from './schema';
import { partyOrgTypes, unitTypes } from './unitTypes';

/** Units that existed at the end of the period: created before it ends, not deactivated by then. */
function existingAt(periodEnd: string) {
  return sql`${units.createdAt} < ${periodEnd}::date and (${units.active} or ${units.deactivatedAt} >= ${periodEnd}::date)`;
}

function countUnits(key: string, name: string, types: string[]) {
  registerIndicator({
    key,
    name,
    unit: '个',
    module: 'orgs',
    async compute({ db, scope, period, evidence }) {
      const where = and(
        pathCondition(scope, units.path),
        existingAt(period.to),
        types.length === 1 ? eq(units.type, types[0]!) : sql`${units.type} in ${types}`,
      );
      if (evidence === 'count') {
        const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(units).where(where);
        const n = row?.n ?? 0;
        return { value: n, evidence: { entity: 'unit', ids: [], count: n } };
      }
      const rows = await db.select({ id: units.id }).from(units).where(where);
      return { value: rows.length, evidence: { entity: 'unit', ids: rows.map((r) => r.id) } };
    },
  });
}

/** Registers the organisation counts: units by type and Party organisations by level. */
export function registerOrgIndicators(): void {
  for (const type of unitTypes) countUnits(`orgs.units.${type.key}`, `${type.name}数量`, [type.key]);
  countUnits(
    'orgs.partyOrgs.total',
    '党组织总数',
    partyOrgTypes.filter((t) => t !== 'partyGroup'),
  );
  countUnits('orgs.units.village', '嘎查（村）和社区总数', ['gacha', 'community']);
}
