import { and, desc, eq, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import { type DbOrTx, queryRows } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http/context';
import { escapeLike, pathCondition, pathInScope, type Scope } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { units } from '../orgs';
import { people } from '../people';
import type { TransferInput, TransferListQuery, TransferView } from './contract';
import { addMonths } from './dates';
import { partySnapshot, recordMemberEvents } from './events';
import { bannerPathOf, findMemberInScope, isMemberUnitType } from './queries';
import { memberTransfers, partyMembers } from './schema';
import { getMemberSettings } from './settings';
import { type MemberCategory, type TransferStatus, transferStatusNames } from './vocabulary';

const fromUnit = alias(units, 'from_unit');
const toUnit = alias(units, 'to_unit');

const transferColumns = {
  transfer: memberTransfers,
  memberName: people.name,
  memberGender: people.gender,
  idNumberMasked: people.idNumberMasked,
  memberCategory: partyMembers.category,
  fromUnitName: fromUnit.name,
  fromUnitPath: fromUnit.path,
  toUnitName: toUnit.name,
  toUnitPath: toUnit.path,
};

function transferQuery(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(transferColumns)
    .from(memberTransfers)
    .innerJoin(partyMembers, eq(partyMembers.id, memberTransfers.memberId))
    .innerJoin(people, eq(people.id, partyMembers.personId))
    .innerJoin(fromUnit, eq(fromUnit.id, memberTransfers.fromUnitId))
    .leftJoin(toUnit, eq(toUnit.id, memberTransfers.toUnitId))
    .where(where);
}

type TransferRow = Awaited<ReturnType<typeof transferQuery>>[number];

function toView(row: TransferRow, scope: Scope): TransferView {
  const t = row.transfer;
  const pending = t.status === 'pending';
  return {
    id: t.id,
    memberId: t.memberId,
    memberName: row.memberName,
    memberGender: row.memberGender === 'female' ? 'female' : 'male',
    memberCategory: row.memberCategory as MemberCategory,
    idNumberMasked: row.idNumberMasked,
    fromUnitId: t.fromUnitId,
    fromUnitName: row.fromUnitName,
    toUnitId: t.toUnitId,
    toUnitName: row.toUnitName,
    destination: t.destination,
    outsideProvince: t.outsideProvince,
    internal: t.toUnitId !== null,
    reason: t.reason,
    requestedOn: t.requestedOn,
    status: t.status as TransferStatus,
    letterNumber: t.letterNumber,
    letterValidUntil: t.letterValidUntil,
    requestedByName: t.requestedByName,
    decidedOn: t.decidedOn,
    decidedByName: t.decidedByName,
    returnReason: t.returnReason,
    canReceive: pending && !!row.toUnitPath && pathInScope(scope, row.toUnitPath),
    canSend: pending && pathInScope(scope, row.fromUnitPath),
  };
}

/** Every transfer of one member, newest first (for the member page). */
export async function transfersOfMember(db: DbOrTx, scope: Scope, memberId: string): Promise<TransferView[]> {
  const rows = await transferQuery(db, eq(memberTransfers.memberId, memberId)).orderBy(
    desc(memberTransfers.requestedOn),
    desc(memberTransfers.createdAt),
  );
  return rows.map((row) => toView(row, scope));
}

/** Transfers addressed to organisations in scope (incoming) or sent from them (outgoing). */
export async function listTransfers(ctx: RequestContext, query: TransferListQuery) {
  const conditions: (SQL | undefined)[] = [
    query.box === 'incoming'
      ? pathCondition(ctx.scope, toUnit.path)
      : pathCondition(ctx.scope, fromUnit.path),
  ];
  if (query.status !== 'all') conditions.push(eq(memberTransfers.status, query.status));
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    conditions.push(
      or(
        sql`${people.name} like ${like}`,
        sql`${people.namePinyin} like ${like}`,
        sql`${memberTransfers.letterNumber} like ${like}`,
      ),
    );
  }
  const where = and(...conditions);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(memberTransfers)
    .innerJoin(partyMembers, eq(partyMembers.id, memberTransfers.memberId))
    .innerJoin(people, eq(people.id, partyMembers.personId))
    .innerJoin(fromUnit, eq(fromUnit.id, memberTransfers.fromUnitId))
    .leftJoin(toUnit, eq(toUnit.id, memberTransfers.toUnitId))
    .where(where);
  const rows = await transferQuery(ctx.db, where)
    .orderBy(desc(memberTransfers.requestedOn), desc(memberTransfers.createdAt))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return {
    items: rows.map((row) => toView(row, ctx.scope)),
    total: Number(total),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The next introduction-letter number of the year (2026-0001 …), serialised by an advisory lock. */
async function nextLetterNumber(db: DbOrTx, year: string): Promise<string> {
  await db.execute(sql`select pg_advisory_xact_lock(73150201)`);
  const [row] = await queryRows<{ max: number | null }>(
    db,
    sql`select max(substring(letter_number from 6)::int) as max from member_transfers
        where letter_number like ${`${year}-%`}`,
  );
  return `${year}-${String(Number(row?.max ?? 0) + 1).padStart(4, '0')}`;
}

/**
 * Starts a transfer from the member's organisation (sending side, in scope): to a Party organisation
 * of the same banner, or out of the banner to a named destination. The member stays where they are.
 */
export async function requestTransfer(ctx: RequestContext, memberId: string, input: TransferInput) {
  const today = todayInChina();
  const requestedOn = input.requestedOn ?? today;
  if (requestedOn > today) throw new AppError('MEMBERS_DATE_IN_FUTURE', { params: { field: '申请日期' } });
  if (!input.toUnitId && !input.destination) throw new AppError('MEMBERS_TRANSFER_TARGET_REQUIRED');
  return ctx.db.transaction(async (tx) => {
    const { member, unitPath } = await findMemberInScope(tx, ctx.scope, memberId);
    if (member.status !== 'active') {
      throw new AppError('MEMBERS_NOT_ACTIVE', { params: { status: member.status } });
    }
    const [open] = await tx
      .select({ letterNumber: memberTransfers.letterNumber })
      .from(memberTransfers)
      .where(and(eq(memberTransfers.memberId, memberId), eq(memberTransfers.status, 'pending')));
    if (open) throw new AppError('MEMBERS_TRANSFER_OPEN', { params: { letter: open.letterNumber } });

    let target: typeof units.$inferSelect | null = null;
    if (input.toUnitId) {
      // The receiver need not be in the requester's scope, only a live Party organisation of the same banner.
      const [unit] = await tx.select().from(units).where(eq(units.id, input.toUnitId));
      const bannerPath = await bannerPathOf(tx, unitPath);
      if (!unit?.active || !isMemberUnitType(unit.type) || !unit.path.startsWith(bannerPath)) {
        throw new AppError('MEMBERS_TRANSFER_TARGET_NOT_FOUND');
      }
      if (unit.id === member.unitId) throw new AppError('MEMBERS_TRANSFER_SAME_UNIT');
      target = unit;
    }
    const settings = await getMemberSettings(tx);
    const outsideProvince = !target && input.outsideProvince;
    const validMonths = outsideProvince
      ? settings['members.letterValidMonthsOutsideProvince']
      : settings['members.letterValidMonths'];
    const actor = auditActorOf(ctx.actor);
    const [transfer] = await tx
      .insert(memberTransfers)
      .values({
        bannerId: member.bannerId,
        memberId,
        fromUnitId: member.unitId,
        toUnitId: target?.id ?? null,
        destination: target ? null : input.destination || null,
        outsideProvince,
        reason: input.reason,
        requestedOn,
        status: 'pending',
        letterNumber: await nextLetterNumber(tx, requestedOn.slice(0, 4)),
        letterValidUntil: addMonths(requestedOn, validMonths),
        requestedBy: actor.userId,
        requestedByName: actor.displayName,
      })
      .returning();
    const destination = target?.name ?? input.destination;
    await recordMemberEvents(tx, actor, {
      memberId,
      kind: 'transferRequested',
      summary: `申请转出组织关系至“${destination}”（介绍信 ${transfer!.letterNumber}）`,
      after: { transferId: transfer!.id, toUnitId: target?.id ?? null, destination, reason: input.reason },
    });
    await recordAudit(tx, actor, {
      entity: 'memberTransfer',
      entityId: transfer!.id,
      action: 'request',
      after: transfer,
    });
    return getTransfer(tx, ctx.scope, transfer!.id);
  });
}

async function getTransfer(db: DbOrTx, scope: Scope, id: string): Promise<TransferView> {
  const [row] = await transferQuery(db, eq(memberTransfers.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  return toView(row, scope);
}

/** A transfer visible to the actor as receiver ('to'), sender ('from') or either; 404 otherwise. */
async function findTransferFor(db: DbOrTx, scope: Scope, id: string, side: 'to' | 'from' | 'either') {
  const [row] = await transferQuery(db, eq(memberTransfers.id, id));
  const receiver = !!row?.toUnitPath && pathInScope(scope, row.toUnitPath);
  const sender = !!row && pathInScope(scope, row.fromUnitPath);
  const visible = side === 'to' ? receiver : side === 'from' ? sender : receiver || sender;
  if (!row || !visible) throw new AppError('NOT_FOUND');
  return row;
}

function assertPending(row: TransferRow): void {
  if (row.transfer.status !== 'pending') {
    throw new AppError('MEMBERS_TRANSFER_NOT_PENDING', {
      params: { status: transferStatusNames[row.transfer.status as TransferStatus] ?? row.transfer.status },
    });
  }
}

/** The receiving organisation accepts: the member moves to it (posts held at the old one end). */
export async function acceptTransfer(ctx: RequestContext, id: string): Promise<TransferView> {
  const today = todayInChina();
  return ctx.db.transaction(async (tx) => {
    const row = await findTransferFor(tx, ctx.scope, id, 'to');
    assertPending(row);
    const [member] = await tx.select().from(partyMembers).where(eq(partyMembers.id, row.transfer.memberId));
    const [target] = await tx.select().from(units).where(eq(units.id, row.transfer.toUnitId!));
    if (!target?.active)
      throw new AppError('MEMBERS_UNIT_INACTIVE', { params: { name: target?.name ?? '' } });
    const actor = auditActorOf(ctx.actor);
    const before = partySnapshot(member!);
    const [moved] = await tx
      .update(partyMembers)
      .set({
        unitId: target.id,
        bannerId: target.bannerId,
        post: null,
        // Now kept where they live or work: no longer away, and just in contact.
        awaySince: null,
        lastContactOn: today,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(partyMembers.id, member!.id))
      .returning();
    await tx
      .update(memberTransfers)
      .set({
        status: 'accepted',
        decidedOn: today,
        decidedBy: actor.userId,
        decidedByName: actor.displayName,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(memberTransfers.id, id));
    await recordMemberEvents(tx, actor, {
      memberId: member!.id,
      kind: 'transferAccepted',
      summary: `组织关系由“${row.fromUnitName}”转入“${target.name}”（介绍信 ${row.transfer.letterNumber}）`,
      before,
      after: partySnapshot(moved!),
    });
    await recordAudit(tx, actor, {
      entity: 'memberTransfer',
      entityId: id,
      action: 'accept',
      before: { status: 'pending', unitId: member!.unitId },
      after: { status: 'accepted', unitId: target.id },
    });
    return getTransfer(tx, ctx.scope, id);
  });
}

/** The receiving organisation returns the transfer with a reason; the member stays with the sender unchanged. */
export async function returnTransfer(ctx: RequestContext, id: string, reason: string): Promise<TransferView> {
  return closeWithoutMove(ctx, id, 'to', 'returned', reason);
}

/** The sending organisation withdraws its own pending transfer. */
export async function cancelTransfer(ctx: RequestContext, id: string, reason: string): Promise<TransferView> {
  return closeWithoutMove(ctx, id, 'from', 'cancelled', reason);
}

async function closeWithoutMove(
  ctx: RequestContext,
  id: string,
  side: 'to' | 'from',
  status: 'returned' | 'cancelled',
  reason: string,
): Promise<TransferView> {
  const today = todayInChina();
  return ctx.db.transaction(async (tx) => {
    const row = await findTransferFor(tx, ctx.scope, id, side);
    assertPending(row);
    const actor = auditActorOf(ctx.actor);
    await tx
      .update(memberTransfers)
      .set({
        status,
        decidedOn: today,
        decidedBy: actor.userId,
        decidedByName: actor.displayName,
        returnReason: reason,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(memberTransfers.id, id));
    const receiver = row.toUnitName ?? row.transfer.destination;
    await recordMemberEvents(tx, actor, {
      memberId: row.transfer.memberId,
      kind: status === 'returned' ? 'transferReturned' : 'transferCancelled',
      summary:
        status === 'returned'
          ? `“${receiver}”退回组织关系转接（介绍信 ${row.transfer.letterNumber}）：${reason}`
          : `撤回组织关系转接（介绍信 ${row.transfer.letterNumber}）：${reason}`,
      after: { transferId: id, status, reason },
    });
    await recordAudit(tx, actor, {
      entity: 'memberTransfer',
      entityId: id,
      action: status === 'returned' ? 'return' : 'cancel',
      before: { status: 'pending' },
      after: { status, reason },
    });
    return getTransfer(tx, ctx.scope, id);
  });
}

/**
 * The sending organisation confirms a transfer out of the banner once the receipt (回执) comes back:
 * the member leaves the roster as "transferred out" (kept, never deleted).
 */
export async function confirmExternalTransfer(ctx: RequestContext, id: string): Promise<TransferView> {
  const today = todayInChina();
  return ctx.db.transaction(async (tx) => {
    const row = await findTransferFor(tx, ctx.scope, id, 'from');
    assertPending(row);
    if (row.transfer.toUnitId) {
      throw new AppError('MEMBERS_TRANSFER_WRONG_KIND', {
        params: { reason: '旗内转接由接收党组织办理接收，转出方不能代为确认' },
      });
    }
    const actor = auditActorOf(ctx.actor);
    const [member] = await tx.select().from(partyMembers).where(eq(partyMembers.id, row.transfer.memberId));
    const before = partySnapshot(member!);
    const [updated] = await tx
      .update(partyMembers)
      .set({ status: 'transferredOut', post: null, updatedAt: new Date().toISOString() })
      .where(eq(partyMembers.id, member!.id))
      .returning();
    await tx
      .update(memberTransfers)
      .set({
        status: 'accepted',
        decidedOn: today,
        decidedBy: actor.userId,
        decidedByName: actor.displayName,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(memberTransfers.id, id));
    await recordMemberEvents(tx, actor, {
      memberId: member!.id,
      kind: 'transferCompleted',
      summary: `组织关系已转出至“${row.transfer.destination}”，回执已收到（介绍信 ${row.transfer.letterNumber}）`,
      before,
      after: partySnapshot(updated!),
    });
    await recordAudit(tx, actor, {
      entity: 'memberTransfer',
      entityId: id,
      action: 'confirm',
      before: { status: 'pending', memberStatus: 'active' },
      after: { status: 'accepted', memberStatus: 'transferredOut' },
    });
    return getTransfer(tx, ctx.scope, id);
  });
}

/** What the introduction letter prints; visible to both sides. */
export async function letterOf(ctx: RequestContext, id: string) {
  const row = await findTransferFor(ctx.db, ctx.scope, id, 'either');
  const [person] = await ctx.db
    .select({ birthDate: people.birthDate, ethnicity: people.ethnicity })
    .from(partyMembers)
    .innerJoin(people, eq(people.id, partyMembers.personId))
    .where(eq(partyMembers.id, row.transfer.memberId));
  await recordAudit(ctx.db, auditActorOf(ctx.actor), {
    entity: 'memberTransfer',
    entityId: id,
    action: 'print.letter',
    after: { letterNumber: row.transfer.letterNumber },
  });
  return { ...toView(row, ctx.scope), birthDate: person!.birthDate, ethnicity: person!.ethnicity };
}
