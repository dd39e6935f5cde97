import { and, asc, eq } from 'drizzle-orm';
import {
  evidenceIdsCondition,
  evidencePage,
  registerEvidenceEntity,
  totalRows,
} from '../../platform/indicators/evidence';
import { pathCondition } from '../../platform/scope';
import { units } from '../orgs';
import { centerStatusNames } from './contract';
import { centerServiceItems, serviceCenters } from './schema';

type CenterStatus = keyof typeof centerStatusNames;

/**
 * Drill-down lists of the records the centres indicators count: centres (`serviceCenter`) and the items
 * of their service lists (`centerServiceItem`), both limited to centres whose unit lies in the scope.
 */
export function registerCentersEvidence(): void {
  registerEvidenceEntity({
    entity: 'serviceCenter',
    name: '党群服务中心',
    permission: 'centers.read',
    resolve: (db, scope, ids, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: serviceCenters.id,
              name: serviceCenters.name,
              address: serviceCenters.address,
              status: serviceCenters.status,
              path: units.path,
              total: totalRows,
            })
            .from(serviceCenters)
            .innerJoin(units, eq(units.id, serviceCenters.unitId))
            .where(and(evidenceIdsCondition(serviceCenters.id, ids), pathCondition(scope, units.path)))
            .orderBy(asc(units.path), asc(serviceCenters.id))
            .limit(limit)
            .offset(offset),
        (r) => ({
          id: r.id,
          title: r.name,
          subtitle: [centerStatusNames[r.status as CenterStatus] ?? r.status, r.address]
            .filter(Boolean)
            .join(' · '),
          link: `/centers/${r.id}`,
        }),
      ),
  });

  registerEvidenceEntity({
    entity: 'centerServiceItem',
    name: '便民服务事项',
    permission: 'centers.read',
    resolve: (db, scope, ids, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: centerServiceItems.id,
              name: centerServiceItems.name,
              department: centerServiceItems.department,
              centerId: serviceCenters.id,
              centerName: serviceCenters.name,
              removedAt: centerServiceItems.removedAt,
              path: units.path,
              total: totalRows,
            })
            .from(centerServiceItems)
            .innerJoin(serviceCenters, eq(serviceCenters.id, centerServiceItems.centerId))
            .innerJoin(units, eq(units.id, serviceCenters.unitId))
            .where(and(evidenceIdsCondition(centerServiceItems.id, ids), pathCondition(scope, units.path)))
            .orderBy(asc(units.path), asc(centerServiceItems.sortOrder), asc(centerServiceItems.id))
            .limit(limit)
            .offset(offset),
        (r) => ({
          id: r.id,
          title: r.name,
          subtitle: [r.centerName, r.department, r.removedAt ? '已移除' : ''].filter(Boolean).join(' · '),
          link: `/centers/${r.centerId}`,
        }),
      ),
  });
}
