// Loads where centres stand on their standards (latest assessments) for lists, detail and indicators.
import { type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../platform/db';
import { pathCondition, type Scope } from '../../platform/scope';
import type { ProgressView } from './contract';
import { centreProgress, type StandardStanding } from './progress';

interface StandingRow {
  centerId: string;
  standardId: string | null;
  activeItems: number | null;
  items: number | null;
  met: number | null;
  partly: number | null;
  assessedOn: string | null;
}

/** A centre in scope with its unit, as the indicators group them. */
export interface CentreUnit {
  id: string;
  unitId: string;
  unitPath: string;
  unitType: string;
  createdAt: string;
}

/**
 * Progress of the given centres (or every centre in the scope) as of a date (assessments before it
 * count): one query over applicable standards, their latest assessments and the results' counts.
 */
export async function progressOfCentres(
  db: DbOrTx,
  filter: { centerIds: string[] } | { scope: Scope; existingBefore?: string },
  asOf: string | null = null,
): Promise<Map<string, ProgressView>> {
  let centreFilter: SQL;
  if ('centerIds' in filter) {
    if (filter.centerIds.length === 0) return new Map();
    centreFilter = sql`sc.id in ${filter.centerIds}`;
  } else {
    centreFilter = sql`${pathCondition(filter.scope, sql`u.path`)}${
      filter.existingBefore ? sql` and sc.created_at < ${filter.existingBefore}::date` : sql``
    }`;
  }
  const assessedBefore = asOf ? sql`and a.assessed_on < ${asOf}::date` : sql``;
  const rows = await queryRows<StandingRow>(
    db,
    sql`with c as (
        select sc.id, u.path, u.type from service_centers sc join units u on u.id = sc.unit_id
        where ${centreFilter}
      ),
      app as (
        select c.id as center_id, s.id as standard_id,
          (select count(*)::int from center_standard_items i where i.standard_id = s.id and i.active) as active_items
        from c
        join center_standards s on s.active and s.unit_types @> jsonb_build_array(c.type)
        join units su on su.id = s.unit_id and c.path like su.path || '%'
      ),
      latest as (
        select distinct on (a.center_id, a.standard_id) a.id, a.center_id, a.standard_id, a.assessed_on
        from center_assessments a
        join app on app.center_id = a.center_id and app.standard_id = a.standard_id
        where true ${assessedBefore}
        order by a.center_id, a.standard_id, a.assessed_on desc, a.created_at desc
      ),
      counts as (
        select l.center_id, l.standard_id, l.assessed_on,
          count(*)::int as items,
          (count(*) filter (where r.result = 'met'))::int as met,
          (count(*) filter (where r.result = 'partly'))::int as partly
        from latest l join center_assessment_results r on r.assessment_id = l.id
        group by l.center_id, l.standard_id, l.assessed_on
      )
      select c.id as "centerId", app.standard_id as "standardId", app.active_items as "activeItems",
        counts.items, counts.met, counts.partly, counts.assessed_on::text as "assessedOn"
      from c
      left join app on app.center_id = c.id
      left join counts on counts.center_id = app.center_id and counts.standard_id = app.standard_id`,
  );
  const standings = new Map<string, StandardStanding[]>();
  for (const row of rows) {
    const list = standings.get(row.centerId) ?? [];
    standings.set(row.centerId, list);
    if (!row.standardId) continue;
    list.push({
      activeItems: Number(row.activeItems ?? 0),
      latest:
        row.assessedOn === null
          ? null
          : {
              items: Number(row.items),
              met: Number(row.met),
              partly: Number(row.partly),
              assessedOn: String(row.assessedOn).slice(0, 10),
            },
    });
  }
  return new Map([...standings].map(([id, list]) => [id, centreProgress(list)]));
}

/** The centres in scope that existed before a date, with their unit path and type. */
export async function centresInScope(
  db: DbOrTx,
  scope: Scope,
  existingBefore: string,
): Promise<CentreUnit[]> {
  return queryRows<CentreUnit>(
    db,
    sql`select sc.id, sc.unit_id as "unitId", u.path as "unitPath", u.type as "unitType", sc.created_at::text as "createdAt"
      from service_centers sc join units u on u.id = sc.unit_id
      where ${pathCondition(scope, sql`u.path`)} and sc.created_at < ${existingBefore}::date
      order by u.path`,
  );
}

/** A 苏木镇 that centres are grouped under; centres directly under the banner fall in "旗直属". */
export interface Township {
  key: string;
  label: string;
}

/**
 * The 苏木镇 each centre lies in (the sumu/town on its unit path), looked up in one query for all of
 * them; a community directly under the banner is grouped as 旗直属.
 */
export async function townshipsOf(db: DbOrTx, centres: CentreUnit[]): Promise<Map<string, Township>> {
  const ids = [...new Set(centres.flatMap((c) => c.unitPath.split('/').filter(Boolean)))];
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; name: string; type: string; sortOrder: number }>(
    db,
    sql`select id, name, type, sort_order as "sortOrder" from units where id in ${ids} and type in ('sumu', 'town')`,
  );
  const towns = new Map(rows.map((r) => [r.id, r]));
  const result = new Map<string, Township>();
  for (const centre of centres) {
    const townId = centre.unitPath
      .split('/')
      .filter(Boolean)
      .find((id) => towns.has(id));
    const town = townId ? towns.get(townId) : undefined;
    result.set(centre.id, town ? { key: town.id, label: town.name } : { key: 'direct', label: '旗直属' });
  }
  return result;
}
