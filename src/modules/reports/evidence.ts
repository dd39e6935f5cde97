import { and, asc, eq, sql } from 'drizzle-orm';
import { evidenceIdsCondition, registerEvidenceEntity } from '../../platform/indicators/evidence';
import { pathCondition, unitCondition } from '../../platform/scope';
import { pathNamesOf, units, unitTypeName } from '../orgs';
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
    async resolve(db, scope, ids, page) {
      const where = and(evidenceIdsCondition(units.id, ids), pathCondition(scope, units.path));
      const [{ total } = { total: 0 }] = await db
        .select({ total: sql<number>`count(*)::int` })
        .from(units)
        .where(where);
      const rows = await db
        .select({ id: units.id, name: units.name, type: units.type, path: units.path, active: units.active })
        .from(units)
        .where(where)
        .orderBy(asc(units.depth), asc(units.sortOrder), asc(units.name), asc(units.id))
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize);
      const names = await pathNamesOf(
        db,
        rows.map((row) => row.path),
      );
      return {
        total: Number(total),
        items: rows.map((row) => ({
          id: row.id,
          title: row.name,
          subtitle: row.active ? unitTypeName(row.type) : `${unitTypeName(row.type)}（已停用）`,
          unitPath: names.get(row.path),
          link: `/orgs/${row.id}`,
        })),
      };
    },
  });

  registerEvidenceEntity({
    entity: 'person',
    name: '人员',
    permission: 'people.read',
    async resolve(db, scope, ids, page) {
      const where = and(evidenceIdsCondition(people.id, ids), unitCondition(scope, people.unitId));
      const [{ total } = { total: 0 }] = await db
        .select({ total: sql<number>`count(*)::int` })
        .from(people)
        .where(where);
      const rows = await db
        .select({
          id: people.id,
          name: people.name,
          gender: people.gender,
          idNumberMasked: people.idNumberMasked,
          unitPath: units.path,
        })
        .from(people)
        .innerJoin(units, eq(units.id, people.unitId))
        .where(where)
        .orderBy(asc(people.namePinyin), asc(people.id))
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize);
      const names = await pathNamesOf(
        db,
        rows.map((row) => row.unitPath),
      );
      return {
        total: Number(total),
        items: rows.map((row) => ({
          id: row.id,
          title: row.name,
          subtitle: `${genders[row.gender] ?? row.gender} · ${row.idNumberMasked}`,
          unitPath: names.get(row.unitPath),
        })),
      };
    },
  });
}
