// Use cases of households (住户) and 党员中心户 (memberHousehold): registration in a grid, scoped by the
// grid's 嘎查/社区; the contact phone and special-care categories are encrypted and shown in full only to
// holders of grid.readSensitive.
import { and, asc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth/actor';
import { auditActorOf } from '../../../platform/auth/service';
import { recordAudit } from '../../../platform/audit/writer';
import type { FieldCipher } from '../../../platform/crypto';
import type { DbOrTx, Tx } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import type { RequestContext } from '../../../platform/http/context';
import { escapeLike, pathCondition, pathInScope, type Scope } from '../../../platform/scope';
import { partyMembers } from '../../members';
import { findUnitInScope, units } from '../../orgs';
import { maskPhone, people } from '../../people';
import { type HouseholdMember, grids, households, memberHouseholdLinks, memberHouseholds } from '../schema';
import { findGridInScope } from '../service';
import type {
  CareCategory,
  HouseholdInput,
  HouseholdView,
  ListHouseholdsQuery,
  MemberHouseholdView,
} from './contract';

type HouseholdRow = typeof households.$inferSelect;
interface HouseholdJoined {
  household: HouseholdRow;
  gridName: string;
  unitName: string;
  unitPath: string;
}

const joinedColumns = {
  household: households,
  gridName: grids.name,
  unitName: units.name,
  unitPath: units.path,
};

/** An active household whose grid's unit is in scope, or GRID_HOUSEHOLD_NOT_FOUND (404). */
async function findHouseholdInScope(db: DbOrTx, scope: Scope, id: string): Promise<HouseholdJoined> {
  const [row] = await db
    .select(joinedColumns)
    .from(households)
    .innerJoin(grids, eq(grids.id, households.gridId))
    .innerJoin(units, eq(units.id, grids.unitId))
    .where(and(eq(households.id, id), eq(households.active, true), pathCondition(scope, units.path)));
  if (!row) throw new AppError('GRID_HOUSEHOLD_NOT_FOUND');
  return row;
}

/** Refuses a person (household head or member) the actor may not see in the people register. */
async function checkPeople(tx: DbOrTx, actor: Actor, field: string, ids: Array<string | null | undefined>) {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return;
  const found = await tx
    .select({ id: people.id })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(and(inArray(people.id, wanted), pathCondition(actor.scopeFor('people.read'), units.path)));
  if (found.length !== wanted.length) throw new AppError('GRID_HOUSEHOLD_PERSON', { params: { field } });
}

/** The stored columns of the sensitive fields. */
function sensitiveColumns(cipher: FieldCipher, phone: string | undefined, care: CareCategory[] | undefined) {
  return {
    ...(phone === undefined
      ? {}
      : phone === ''
        ? { phoneCipher: null, phoneMasked: null }
        : { phoneCipher: cipher.encrypt(phone), phoneMasked: maskPhone(phone) }),
    ...(care === undefined
      ? {}
      : { careCipher: care.length === 0 ? null : cipher.encrypt(JSON.stringify([...care].sort())) }),
  };
}

async function lookedAfter(db: DbOrTx, householdIds: string[]) {
  const map = new Map<string, HouseholdView['lookedAfterBy']>();
  if (householdIds.length === 0) return map;
  const rows = await db
    .select({
      householdId: memberHouseholdLinks.householdId,
      id: memberHouseholds.id,
      name: people.name,
    })
    .from(memberHouseholdLinks)
    .innerJoin(memberHouseholds, eq(memberHouseholds.id, memberHouseholdLinks.memberHouseholdId))
    .innerJoin(partyMembers, eq(partyMembers.id, memberHouseholds.partyMemberId))
    .innerJoin(people, eq(people.id, partyMembers.personId))
    .where(and(inArray(memberHouseholdLinks.householdId, householdIds), eq(memberHouseholds.active, true)));
  for (const { householdId, ...by } of rows) map.set(householdId, [...(map.get(householdId) ?? []), by]);
  return map;
}

function present(
  ctx: Pick<RequestContext, 'actor' | 'cipher'>,
  row: HouseholdJoined,
  lookedAfterBy: HouseholdView['lookedAfterBy'],
): HouseholdView {
  const { household } = row;
  const sensitive = pathInScope(ctx.actor.scopeFor('grid.readSensitive'), row.unitPath);
  return {
    id: household.id,
    gridId: household.gridId,
    gridName: row.gridName,
    unitName: row.unitName,
    address: household.address,
    headPersonId: household.headPersonId,
    headName: household.headName,
    members: household.members,
    phoneMasked: household.phoneMasked,
    phone: sensitive && household.phoneCipher ? ctx.cipher.decrypt(household.phoneCipher) : null,
    careCategories: sensitive
      ? household.careCipher
        ? (JSON.parse(ctx.cipher.decrypt(household.careCipher)) as string[])
        : []
      : null,
    sensitiveVisible: sensitive,
    note: household.note,
    lookedAfterBy,
  };
}

export async function getHousehold(ctx: RequestContext, id: string): Promise<HouseholdView> {
  const row = await findHouseholdInScope(ctx.db, ctx.scope, id);
  return present(ctx, row, (await lookedAfter(ctx.db, [id])).get(id) ?? []);
}

async function listCondition(ctx: RequestContext, query: Omit<ListHouseholdsQuery, 'page' | 'pageSize'>) {
  const under = query.unitId ? await findUnitInScope(ctx.db, ctx.scope, query.unitId) : null;
  const conditions: Array<SQL | undefined> = [
    eq(households.active, true),
    pathCondition(ctx.scope, units.path),
    under ? sql`${units.path} like ${`${escapeLike(under.path)}%`}` : undefined,
    query.gridId ? eq(households.gridId, query.gridId) : undefined,
    query.q
      ? or(
          ilike(households.address, `%${escapeLike(query.q)}%`),
          ilike(households.headName, `%${escapeLike(query.q)}%`),
        )
      : undefined,
  ];
  return and(...conditions);
}

/** Households in scope, filtered by grid, unit and address or head's name. */
export async function listHouseholds(
  ctx: RequestContext,
  query: ListHouseholdsQuery,
): Promise<{ total: number; items: HouseholdView[] }> {
  const where = await listCondition(ctx, query);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(households)
    .innerJoin(grids, eq(grids.id, households.gridId))
    .innerJoin(units, eq(units.id, grids.unitId))
    .where(where);
  const rows = await ctx.db
    .select(joinedColumns)
    .from(households)
    .innerJoin(grids, eq(grids.id, households.gridId))
    .innerJoin(units, eq(units.id, grids.unitId))
    .where(where)
    .orderBy(asc(units.path), asc(grids.code), asc(households.address), asc(households.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const links = await lookedAfter(
    ctx.db,
    rows.map((r) => r.household.id),
  );
  return {
    total: Number(total),
    items: rows.map((r) => present(ctx, r, links.get(r.household.id) ?? [])),
  };
}

/** Every household matching the list filters (for the Excel export), capped at 50,000 rows. */
export async function householdsForExport(
  ctx: RequestContext,
  query: Omit<ListHouseholdsQuery, 'page' | 'pageSize'>,
): Promise<HouseholdView[]> {
  return (await listHouseholds(ctx, { ...query, page: 1, pageSize: 50_000 })).items;
}

/** Writes a new household in a grid in scope (used by the form and the Excel import). */
export async function insertHousehold(
  tx: Tx,
  ctx: Pick<RequestContext, 'actor' | 'scope' | 'cipher'>,
  input: HouseholdInput,
): Promise<string> {
  const grid = await findGridInScope(tx, ctx.scope, input.gridId);
  await checkPeople(tx, ctx.actor, '“户主”', [input.headPersonId]);
  await checkPeople(
    tx,
    ctx.actor,
    '“家庭成员”',
    input.members.map((m) => m.personId),
  );
  const [row] = await tx
    .insert(households)
    .values({
      bannerId: grid.bannerId,
      gridId: grid.id,
      address: input.address,
      headPersonId: input.headPersonId ?? null,
      headName: input.headName,
      members: input.members.map((m) => ({
        personId: m.personId ?? null,
        name: m.name,
        relation: m.relation,
      })),
      note: input.note,
      ...sensitiveColumns(ctx.cipher, input.phone, input.careCategories),
    })
    .returning({ id: households.id });
  // The audit keeps who and where, never the phone or the care categories.
  await recordAudit(tx, auditActorOf(ctx.actor), {
    entity: 'gridHousehold',
    entityId: row!.id,
    action: 'create',
    after: {
      gridId: grid.id,
      address: input.address,
      headName: input.headName,
      members: input.members.length,
    },
  });
  return row!.id;
}

export async function createHousehold(ctx: RequestContext, input: HouseholdInput): Promise<HouseholdView> {
  const id = await ctx.db.transaction((tx) => insertHousehold(tx, ctx, input));
  return getHousehold(ctx, id);
}

export async function updateHousehold(
  ctx: RequestContext,
  id: string,
  patch: Partial<HouseholdInput>,
): Promise<HouseholdView> {
  await ctx.db.transaction((tx) => writeHouseholdUpdate(tx, ctx, id, patch));
  return getHousehold(ctx, id);
}

/** Changes a household in scope inside the caller's transaction (the form and the Excel import). */
export async function writeHouseholdUpdate(
  tx: Tx,
  ctx: Pick<RequestContext, 'actor' | 'scope' | 'cipher'>,
  id: string,
  patch: Partial<HouseholdInput>,
): Promise<void> {
  const before = await findHouseholdInScope(tx, ctx.scope, id);
  if (patch.gridId && patch.gridId !== before.household.gridId)
    await findGridInScope(tx, ctx.scope, patch.gridId);
  if (patch.headPersonId !== undefined) await checkPeople(tx, ctx.actor, '“户主”', [patch.headPersonId]);
  if (patch.members)
    await checkPeople(
      tx,
      ctx.actor,
      '“家庭成员”',
      patch.members.map((m) => m.personId),
    );
  const members: HouseholdMember[] | undefined = patch.members?.map((m) => ({
    personId: m.personId ?? null,
    name: m.name,
    relation: m.relation,
  }));
  await tx
    .update(households)
    .set({
      ...(patch.gridId ? { gridId: patch.gridId } : {}),
      ...(patch.address ? { address: patch.address } : {}),
      ...(patch.headPersonId !== undefined ? { headPersonId: patch.headPersonId } : {}),
      ...(patch.headName ? { headName: patch.headName } : {}),
      ...(members ? { members } : {}),
      ...(patch.note !== undefined ? { note: patch.note } : {}),
      ...sensitiveColumns(ctx.cipher, patch.phone, patch.careCategories),
      updatedAt: sql`now()`,
    })
    .where(eq(households.id, id));
  await recordAudit(tx, auditActorOf(ctx.actor), {
    entity: 'gridHousehold',
    entityId: id,
    action: 'update',
    before: { gridId: before.household.gridId, address: before.household.address },
    after: {
      gridId: patch.gridId,
      address: patch.address,
      headName: patch.headName,
      sensitiveChanged: patch.phone !== undefined || patch.careCategories !== undefined,
    },
  });
}

/** Marks a household as moved away (kept for history, no longer listed); its 党员中心户 links end. */
export async function removeHousehold(ctx: RequestContext, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await findHouseholdInScope(tx, ctx.scope, id);
    await tx.update(households).set({ active: false, updatedAt: sql`now()` }).where(eq(households.id, id));
    await tx.delete(memberHouseholdLinks).where(eq(memberHouseholdLinks.householdId, id));
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'gridHousehold',
      entityId: id,
      action: 'remove',
      before: { gridId: before.household.gridId, address: before.household.address },
    });
  });
}

// ---- 党员中心户 ----

async function findMemberHouseholdInScope(db: DbOrTx, scope: Scope, id: string) {
  const [row] = await db
    .select({ memberHousehold: memberHouseholds })
    .from(memberHouseholds)
    .innerJoin(grids, eq(grids.id, memberHouseholds.gridId))
    .innerJoin(units, eq(units.id, grids.unitId))
    .where(
      and(eq(memberHouseholds.id, id), eq(memberHouseholds.active, true), pathCondition(scope, units.path)),
    );
  if (!row) throw new AppError('GRID_MEMBER_HOUSEHOLD_NOT_FOUND');
  return row.memberHousehold;
}

/** Replaces the households a 党员中心户 looks after; all must be active households of the same grid. */
async function linkHouseholds(tx: Tx, memberHouseholdId: string, gridId: string, householdIds: string[]) {
  const wanted = [...new Set(householdIds)];
  if (wanted.length > 0) {
    const found = await tx
      .select({ id: households.id })
      .from(households)
      .where(and(inArray(households.id, wanted), eq(households.gridId, gridId), eq(households.active, true)));
    if (found.length !== wanted.length) throw new AppError('GRID_LINK_OTHER_GRID');
  }
  await tx.delete(memberHouseholdLinks).where(eq(memberHouseholdLinks.memberHouseholdId, memberHouseholdId));
  if (wanted.length > 0)
    await tx
      .insert(memberHouseholdLinks)
      .values(wanted.map((householdId) => ({ memberHouseholdId, householdId })));
}

/** The 党员中心户 of the grids in scope (or of one grid or unit), with the households they look after. */
export async function listMemberHouseholds(
  { db, scope }: Pick<RequestContext, 'db' | 'scope'>,
  query: { gridId?: string; unitId?: string },
): Promise<MemberHouseholdView[]> {
  const under = query.unitId ? await findUnitInScope(db, scope, query.unitId) : null;
  const rows = await db
    .select({
      id: memberHouseholds.id,
      gridId: memberHouseholds.gridId,
      gridName: grids.name,
      partyMemberId: memberHouseholds.partyMemberId,
      memberName: people.name,
      note: memberHouseholds.note,
    })
    .from(memberHouseholds)
    .innerJoin(grids, eq(grids.id, memberHouseholds.gridId))
    .innerJoin(units, eq(units.id, grids.unitId))
    .innerJoin(partyMembers, eq(partyMembers.id, memberHouseholds.partyMemberId))
    .innerJoin(people, eq(people.id, partyMembers.personId))
    .where(
      and(
        eq(memberHouseholds.active, true),
        pathCondition(scope, units.path),
        query.gridId ? eq(memberHouseholds.gridId, query.gridId) : undefined,
        under ? sql`${units.path} like ${`${escapeLike(under.path)}%`}` : undefined,
      ),
    )
    .orderBy(asc(units.path), asc(grids.code), asc(people.name));
  const links =
    rows.length === 0
      ? []
      : await db
          .select({
            memberHouseholdId: memberHouseholdLinks.memberHouseholdId,
            id: households.id,
            address: households.address,
            headName: households.headName,
          })
          .from(memberHouseholdLinks)
          .innerJoin(households, eq(households.id, memberHouseholdLinks.householdId))
          .where(
            inArray(
              memberHouseholdLinks.memberHouseholdId,
              rows.map((r) => r.id),
            ),
          )
          .orderBy(asc(households.address));
  return rows.map((row) => ({
    ...row,
    households: links
      .filter((l) => l.memberHouseholdId === row.id)
      .map(({ id, address, headName }) => ({ id, address, headName })),
  }));
}

async function memberHouseholdView(ctx: RequestContext, id: string): Promise<MemberHouseholdView> {
  const [mine] = await ctx.db.select().from(memberHouseholds).where(eq(memberHouseholds.id, id));
  const all = await listMemberHouseholds(ctx, { gridId: mine!.gridId });
  return all.find((m) => m.id === id)!;
}

/** Makes an active Party member (kept by an organisation in scope) a 党员中心户 of a grid. */
export async function createMemberHousehold(
  ctx: RequestContext,
  input: { gridId: string; partyMemberId: string; householdIds: string[]; note: string },
): Promise<MemberHouseholdView> {
  const id = await ctx.db.transaction(async (tx) => {
    const grid = await findGridInScope(tx, ctx.scope, input.gridId);
    const [member] = await tx
      .select({ id: partyMembers.id, name: people.name })
      .from(partyMembers)
      .innerJoin(people, eq(people.id, partyMembers.personId))
      .innerJoin(units, eq(units.id, partyMembers.unitId))
      .where(
        and(
          eq(partyMembers.id, input.partyMemberId),
          eq(partyMembers.status, 'active'),
          pathCondition(ctx.scope, units.path),
        ),
      );
    if (!member) throw new AppError('GRID_PARTY_MEMBER_NOT_FOUND');
    const [taken] = await tx
      .select({ id: memberHouseholds.id })
      .from(memberHouseholds)
      .where(
        and(
          eq(memberHouseholds.gridId, grid.id),
          eq(memberHouseholds.partyMemberId, member.id),
          eq(memberHouseholds.active, true),
        ),
      );
    if (taken) throw new AppError('GRID_MEMBER_HOUSEHOLD_TAKEN', { params: { name: member.name } });
    const [row] = await tx
      .insert(memberHouseholds)
      .values({ gridId: grid.id, partyMemberId: member.id, note: input.note })
      .returning({ id: memberHouseholds.id });
    await linkHouseholds(tx, row!.id, grid.id, input.householdIds);
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'gridMemberHousehold',
      entityId: row!.id,
      action: 'create',
      after: input,
    });
    return row!.id;
  });
  return memberHouseholdView(ctx, id);
}

export async function updateMemberHousehold(
  ctx: RequestContext,
  id: string,
  patch: { householdIds?: string[]; note?: string },
): Promise<MemberHouseholdView> {
  await ctx.db.transaction(async (tx) => {
    const before = await findMemberHouseholdInScope(tx, ctx.scope, id);
    if (patch.householdIds) await linkHouseholds(tx, id, before.gridId, patch.householdIds);
    if (patch.note !== undefined)
      await tx
        .update(memberHouseholds)
        .set({ note: patch.note, updatedAt: sql`now()` })
        .where(eq(memberHouseholds.id, id));
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'gridMemberHousehold',
      entityId: id,
      action: 'update',
      after: patch,
    });
  });
  return memberHouseholdView(ctx, id);
}

/** Ends a 党员中心户 (kept for history). */
export async function endMemberHousehold(ctx: RequestContext, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await findMemberHouseholdInScope(tx, ctx.scope, id);
    await tx
      .update(memberHouseholds)
      .set({ active: false, updatedAt: sql`now()` })
      .where(eq(memberHouseholds.id, id));
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'gridMemberHousehold',
      entityId: id,
      action: 'end',
      before: { gridId: before.gridId, partyMemberId: before.partyMemberId },
    });
  });
}
