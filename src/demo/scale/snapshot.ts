// What the demo load wrote that the scale generators build on: the unit tree, grids and their workers,
// Party members, and how many events, 三问 items and households each banner or grid already has.
// Database ids are random at every load, so everything is put in an order that does not depend on them
// (names along the tree, grid codes): one seed then gives one data set.
import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../platform/db';

export interface ScaleUnit {
  id: string;
  parentId: string | null;
  path: string;
  type: string;
  name: string;
  bannerId: string;
  /** Names from the root down to the unit: unique, and the same at every load. */
  namePath: string;
  createdAt: Date;
}

export interface ScaleGrid {
  id: string;
  unitId: string;
  bannerId: string;
  name: string;
  code: string;
  centerLat: number;
  centerLng: number;
  workerName: string | null;
  households: number;
}

export interface ScaleMember {
  id: string;
  unitId: string;
  category: string;
  joinedOn: string;
  fullOn: string | null;
  post: string | null;
  name: string;
  birthDate: string;
}

export interface ScaleSnapshot {
  units: ScaleUnit[];
  unitById: Map<string, ScaleUnit>;
  /** Units of type banner, in tree order. */
  banners: ScaleUnit[];
  childrenOf: Map<string, ScaleUnit[]>;
  grids: ScaleGrid[];
  members: ScaleMember[];
  /** Cases of a type already in each banner. */
  casesPerBanner: Map<string, number>;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function takeSnapshot(tx: Tx): Promise<ScaleSnapshot> {
  const unitRows = await queryRows<{
    id: string;
    parent_id: string | null;
    path: string;
    type: string;
    name: string;
    banner_id: string | null;
    created_at: string | Date;
    sort_order: number;
  }>(
    tx,
    sql`select id, parent_id, path, type, name, banner_id, created_at, sort_order from units where active`,
  );
  const raw = new Map(unitRows.map((u) => [u.id, u]));
  const namePathOf = new Map<string, string>();
  const namePath = (id: string): string => {
    const known = namePathOf.get(id);
    if (known !== undefined) return known;
    const unit = raw.get(id)!;
    const own = `${unit.parent_id && raw.has(unit.parent_id) ? `${namePath(unit.parent_id)}/` : ''}${unit.name}`;
    namePathOf.set(id, own);
    return own;
  };
  const units: ScaleUnit[] = unitRows
    .map((u) => ({
      id: u.id,
      parentId: u.parent_id,
      path: u.path,
      type: u.type,
      name: u.name,
      bannerId: u.banner_id ?? u.id,
      namePath: namePath(u.id),
      createdAt: new Date(u.created_at),
    }))
    .sort((a, b) => byName(a.namePath, b.namePath));
  const unitById = new Map(units.map((u) => [u.id, u]));
  const childrenOf = new Map<string, ScaleUnit[]>();
  for (const unit of units)
    if (unit.parentId) childrenOf.set(unit.parentId, [...(childrenOf.get(unit.parentId) ?? []), unit]);

  const gridRows = await queryRows<{
    id: string;
    unit_id: string;
    banner_id: string | null;
    name: string;
    code: string | null;
    center_lat: number | null;
    center_lng: number | null;
    worker_name: string | null;
    households: number;
  }>(
    tx,
    sql`select g.id, g.unit_id, g.banner_id, g.name, g.code, g.center_lat, g.center_lng,
          (select min(p.name) from grid_workers w join people p on p.id = w.person_id
            where w.grid_id = g.id and w.active) as worker_name,
          (select count(*)::int from grid_households h where h.grid_id = g.id) as households
        from grids g where g.active`,
  );
  const grids: ScaleGrid[] = gridRows
    .filter((g) => unitById.has(g.unit_id))
    .map((g) => ({
      id: g.id,
      unitId: g.unit_id,
      bannerId: g.banner_id ?? unitById.get(g.unit_id)!.bannerId,
      name: g.name,
      code: g.code ?? g.name,
      centerLat: g.center_lat ?? 40.6,
      centerLng: g.center_lng ?? 111.2,
      workerName: g.worker_name,
      households: Number(g.households),
    }))
    .sort(
      (a, b) =>
        byName(unitById.get(a.unitId)!.namePath, unitById.get(b.unitId)!.namePath) || byName(a.code, b.code),
    );

  const memberRows = await queryRows<{
    id: string;
    unit_id: string;
    category: string;
    joined_on: string | Date;
    full_on: string | Date | null;
    post: string | null;
    name: string;
    birth_date: string | Date;
  }>(
    tx,
    sql`select pm.id, pm.unit_id, pm.category, pm.joined_on::text as joined_on, pm.full_on::text as full_on,
          pm.post, p.name, p.birth_date::text as birth_date
        from party_members pm join people p on p.id = pm.person_id
        where pm.status = 'active'`,
  );
  const members = memberRows
    .map((m) => ({
      id: m.id,
      unitId: m.unit_id,
      category: m.category,
      joinedOn: String(m.joined_on),
      fullOn: m.full_on === null ? null : String(m.full_on),
      post: m.post,
      name: m.name,
      birthDate: String(m.birth_date),
    }))
    .sort(
      (a, b) =>
        byName(unitById.get(a.unitId)?.namePath ?? '', unitById.get(b.unitId)?.namePath ?? '') ||
        byName(a.joinedOn, b.joinedOn) ||
        byName(a.name, b.name) ||
        byName(a.birthDate, b.birthDate),
    );

  const caseCounts = await queryRows<{ banner_id: string | null; type: string; n: number }>(
    tx,
    sql`select banner_id, type, count(*)::int as n from cases group by banner_id, type`,
  );
  const casesPerBanner = new Map<string, number>();
  for (const row of caseCounts)
    casesPerBanner.set(
      `${row.type}@${row.banner_id}`,
      (casesPerBanner.get(`${row.type}@${row.banner_id}`) ?? 0) + Number(row.n),
    );

  return {
    units,
    unitById,
    banners: units.filter((u) => u.type === 'banner'),
    childrenOf,
    grids,
    members,
    casesPerBanner,
  };
}

/** How many cases of a type a banner already has. */
export function existingCases(snapshot: ScaleSnapshot, type: string, bannerId: string): number {
  return snapshot.casesPerBanner.get(`${type}@${bannerId}`) ?? 0;
}
