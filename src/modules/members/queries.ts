import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { escapeLike, pathCondition, pathInScope, type Scope } from '../../platform/scope';
import { idsOfPath, pathNamesOf, units } from '../orgs';
import { people } from '../people';
import { cutoffDate } from './flags';
import { partyMembers } from './schema';
import { memberUnitTypes } from './vocabulary';

// SQL pieces shared by the roster, the export, the indicators and the demo checks, so a filter and
// the figure it explains always agree.

/** Mobile members on `today`: away `months`+ and no transfer accepted since they left. */
export function mobileCondition(today: string, months: number): SQL {
  return sql`(${partyMembers.status} = 'active' and ${partyMembers.awaySince} is not null
    and ${partyMembers.awaySince} <= ${cutoffDate(today, months)}::date
    and not exists (select 1 from member_transfers mt where mt.member_id = ${partyMembers.id}
      and mt.status = 'accepted' and mt.decided_on >= ${partyMembers.awaySince}))`;
}

/** Out-of-contact members on `today`: last contact `months`+ ago. */
export function outOfContactCondition(today: string, months: number): SQL {
  return sql`(${partyMembers.status} = 'active' and ${partyMembers.lastContactOn} is not null
    and ${partyMembers.lastContactOn} <= ${cutoffDate(today, months)}::date)`;
}

/** Probationary members whose probation ends on or before `until`. */
export function conversionDueCondition(until: string): SQL {
  return sql`(${partyMembers.status} = 'active' and ${partyMembers.category} = 'probationary'
    and ${partyMembers.conversionDueOn} <= ${until}::date)`;
}

/** Day of the latest accepted transfer of the member row in the query (text), for the flag function. */
export const lastAcceptedTransferOn = sql<
  string | null
>`(select max(mt.decided_on)::text from member_transfers mt
  where mt.member_id = ${partyMembers.id} and mt.status = 'accepted')`;

export type UnitRow = typeof units.$inferSelect;

/** Whether a unit type may keep members. */
export function isMemberUnitType(type: string): boolean {
  return (memberUnitTypes as readonly string[]).includes(type);
}

/**
 * A Party organisation inside the scope, or 404 (MEMBERS_UNIT_NOT_FOUND); a unit in scope that is
 * not a Party organisation is refused with its name.
 */
export async function findPartyUnitInScope(
  db: DbOrTx,
  scope: Scope,
  unitId: string,
  { requireActive = true } = {},
): Promise<UnitRow> {
  const [unit] = await db
    .select()
    .from(units)
    .where(and(eq(units.id, unitId), pathCondition(scope, units.path)));
  if (!unit) throw new AppError('MEMBERS_UNIT_NOT_FOUND');
  if (!isMemberUnitType(unit.type))
    throw new AppError('MEMBERS_UNIT_NOT_PARTY', { params: { name: unit.name } });
  if (requireActive && !unit.active)
    throw new AppError('MEMBERS_UNIT_INACTIVE', { params: { name: unit.name } });
  return unit;
}

/** Loads a member whose organisation lies in the scope, with that unit; 404 otherwise. */
export async function findMemberInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ member: partyMembers, unitPath: units.path, unitName: units.name })
    .from(partyMembers)
    .innerJoin(units, eq(units.id, partyMembers.unitId))
    .where(and(eq(partyMembers.id, id), pathCondition(scope, units.path)));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/**
 * The subtree a member may be transferred within: the banner above the unit (or, for a unit above
 * any banner, the tree root).
 */
export async function bannerPathOf(db: DbOrTx, path: string): Promise<string> {
  const ids = idsOfPath(path);
  const rows = await db
    .select({ path: units.path })
    .from(units)
    .where(and(inArray(units.id, ids), eq(units.type, 'banner')));
  return rows[0]?.path ?? `/${ids[0]}/`;
}

/** Banner subtrees covering the scope (transfer targets may be any Party organisation there). */
export async function bannerPathsOfScope(db: DbOrTx, scope: Scope): Promise<string[]> {
  if (scope.paths.includes('/')) return ['/'];
  return Promise.all(scope.paths.map((path) => bannerPathOf(db, path)));
}

/** Party organisations (active) under the given subtrees, searched by name or pinyin, with paging. */
export async function searchPartyUnits(
  db: DbOrTx,
  subtrees: Scope,
  query: { q?: string; page: number; pageSize: number },
) {
  const conditions = [
    pathCondition(subtrees, units.path),
    eq(units.active, true),
    inArray(units.type, [...memberUnitTypes]),
  ];
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    conditions.push(sql`(lower(${units.name}) like ${like} or ${units.pinyin} like ${like})`);
  }
  const where = and(...conditions);
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(units)
    .where(where);
  const rows = await db
    .select({ id: units.id, name: units.name, type: units.type, path: units.path })
    .from(units)
    .where(where)
    .orderBy(units.depth, units.sortOrder, units.name)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const names = await pathNamesOf(
    db,
    rows.map((r) => r.path),
  );
  return { rows, names, total: Number(total) };
}

/** Person columns the member views show (never the cipher). */
export const personColumns = {
  personId: people.id,
  name: people.name,
  gender: people.gender,
  birthDate: people.birthDate,
  ethnicity: people.ethnicity,
  idNumberMasked: people.idNumberMasked,
  phoneMasked: people.phoneMasked,
};

/** True when the member's unit lies in the scope (helper for "what may the actor do"). */
export function unitPathInScope(scope: Scope, path: string | null | undefined): boolean {
  return !!path && pathInScope(scope, path);
}

export { queryRows };
