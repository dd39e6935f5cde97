import { and, asc, eq } from 'drizzle-orm';
import {
  evidenceIdsCondition,
  evidencePage,
  registerEvidenceEntity,
  totalRows,
} from '../../platform/indicators/evidence';
import { pathCondition } from '../../platform/scope';
import { units, unitTypeName } from '../orgs';
import { people } from '../people';

const genders: Record<string, string> = { male: '男', female: '女' };

let registered = false;

/**
 * Registers how the records of the foundation modules are listed in a drill-down: `unit` (orgs) and
 * `person` (people, ID number masked). Other modules register their own entities beside their indicators.
 */
export function registerCoreEvidenceEntities(): void {
  if (registered) return;
  registered = true;

  registerEvidenceEntity({
    entity: 'unit',
    name: '单位',
    permission: 'orgs.read',
    resolve: (db, scope, ids, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: units.id,
              name: units.name,
              type: units.type,
              path: units.path,
              active: units.active,
              total: totalRows,
            })
            .from(units)
            .where(and(evidenceIdsCondition(units.id, ids), pathCondition(scope, units.path)))
            .orderBy(asc(units.depth), asc(units.sortOrder), asc(units.name), asc(units.id))
            .limit(limit)
            .offset(offset),
        (row) => ({
          id: row.id,
          title: row.name,
          subtitle: row.active ? unitTypeName(row.type) : `${unitTypeName(row.type)}（已停用）`,
          link: `/orgs/${row.id}`,
        }),
      ),
  });

  registerEvidenceEntity({
    entity: 'person',
    name: '人员',
    permission: 'people.read',
    resolve: (db, scope, ids, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: people.id,
              name: people.name,
              gender: people.gender,
              idNumberMasked: people.idNumberMasked,
              path: units.path,
              total: totalRows,
            })
            .from(people)
            .innerJoin(units, eq(units.id, people.unitId))
            .where(and(evidenceIdsCondition(people.id, ids), pathCondition(scope, units.path)))
            .orderBy(asc(people.namePinyin), asc(people.id))
            .limit(limit)
            .offset(offset),
        (row) => ({
          id: row.id,
          title: row.name,
          subtitle: `${genders[row.gender] ?? row.gender} · ${row.idNumberMasked}`,
        }),
      ),
  });
}
