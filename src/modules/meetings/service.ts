import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { recordAudit } from '../../platform/audit/writer';
import type { Actor } from '../../platform/auth/actor';
import { auditActorOf } from '../../platform/auth/service';
import { type DbOrTx, queryRows, type Tx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { describeFiles, requireFiles } from '../../platform/files';
import type { RequestContext } from '../../platform/http/context';
import { escapeLike, pathCondition, type Scope, unitCondition } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { partyMembers } from '../members/schema';
import { findUnitInScope, pathNamesOf, units, unitTypeName, unitTypes } from '../orgs';
import { people } from '../people';
import type {
  CreateMeetingInput,
  ListMeetingsQuery,
  MeetingDetail,
  MeetingInput,
  MeetingView,
  RectificationView,
} from './contract';
import {
  type MeetingStatus,
  meetingKindName,
  meetingKindSpecs,
  meetingStatusNames,
  partyOrgUnitTypes,
  rectificationStatusNames,
  type RectificationStatus,
} from './kinds';
import { allowedActions, isEditable, isSuperiorReviewer, ownLevelPath } from './policy';
import {
  meetingAttachments,
  meetingAttendance,
  meetingEvents,
  meetings,
  memberReviewGrades,
  rectificationItems,
} from './schema';
import { refreshComplianceNotices } from './tick';

type UnitRow = typeof units.$inferSelect;
type MeetingRow = typeof meetings.$inferSelect;

const reportingUnits = alias(units, 'reporting_units');

const viewColumns = {
  meeting: meetings,
  unitName: units.name,
  unitPath: units.path,
  unitType: units.type,
  unitParentId: units.parentId,
  reportingUnitName: reportingUnits.name,
};

type ViewRow = {
  meeting: MeetingRow;
  unitName: string;
  unitPath: string;
  unitType: string;
  unitParentId: string | null;
  reportingUnitName: string | null;
};

function attendanceRate(
  m: Pick<MeetingRow, 'expectedFull' | 'expectedProbationary' | 'presentFull' | 'presentProbationary'>,
) {
  const expected = m.expectedFull + m.expectedProbationary;
  if (expected === 0) return null;
  return Math.round(((m.presentFull + m.presentProbationary) / expected) * 1000) / 10;
}

function toView(row: ViewRow): MeetingView {
  const m = row.meeting;
  return {
    id: m.id,
    unitId: m.unitId,
    unitName: row.unitName,
    kind: m.kind,
    kindName: meetingKindName(m.kind),
    heldOn: m.heldOn,
    place: m.place,
    host: m.host,
    topic: m.topic,
    status: m.status,
    statusName: meetingStatusNames[m.status as MeetingStatus] ?? m.status,
    statusReason: m.statusReason,
    expectedFull: m.expectedFull,
    expectedProbationary: m.expectedProbationary,
    presentFull: m.presentFull,
    presentProbationary: m.presentProbationary,
    attendanceRate: attendanceRate(m),
    quorumMet: m.quorumMet,
    reportingUnitId: m.reportingUnitId,
    reportingUnitName: row.reportingUnitName,
    createdByName: m.createdByName,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

function baseQuery(db: DbOrTx) {
  return db
    .select(viewColumns)
    .from(meetings)
    .innerJoin(units, eq(units.id, meetings.unitId))
    .leftJoin(reportingUnits, eq(reportingUnits.id, meetings.reportingUnitId));
}

// Organisations and rosters ---------------------------------------------------------------------

/** Party organisations in scope, searched by name or pinyin, for the organisation pickers. */
export async function searchPartyOrgs(
  ctx: RequestContext,
  query: { q?: string; page: number; pageSize: number },
) {
  const conditions: Array<SQL | undefined> = [
    pathCondition(ctx.scope, units.path),
    eq(units.active, true),
    inArray(units.type, [...partyOrgUnitTypes]),
  ];
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    conditions.push(sql`(lower(${units.name}) like ${like} or ${units.pinyin} like ${like})`);
  }
  const where = and(...conditions);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(units)
    .where(where);
  const rows = await ctx.db
    .select({ id: units.id, name: units.name, type: units.type, path: units.path })
    .from(units)
    .where(where)
    .orderBy(asc(units.path))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const names = await pathNamesOf(
    ctx.db,
    rows.map((r) => r.path),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      typeName: unitTypeName(r.type),
      pathNames: names.get(r.path) ?? r.name,
    })),
    total: Number(total),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** A Party organisation in scope that may hold meetings, or 404/400. */
export async function findPartyOrg(db: DbOrTx, scope: Scope, unitId: string): Promise<UnitRow> {
  const unit = await findUnitInScope(db, scope, unitId).catch(() => {
    throw new AppError('MEETINGS_UNIT_NOT_FOUND');
  });
  if (!(partyOrgUnitTypes as readonly string[]).includes(unit.type))
    throw new AppError('MEETINGS_UNIT_NOT_PARTY', { params: { name: unit.name } });
  return unit;
}

export interface RosterMember {
  id: string;
  name: string;
  gender: string;
  category: 'full' | 'probationary';
  post: string | null;
}

/**
 * The members expected at a meeting of `org` on `on`: active members of the organisation's subtree (a
 * 党小组 uses its branch's roster) who had joined by that day, with their category on that day. Members
 * who have since left are not reconstructed (the roster is today's, cut at the join date).
 */
export async function rosterOf(
  db: DbOrTx,
  org: Pick<UnitRow, 'type' | 'path' | 'parentId'>,
  on: string,
): Promise<RosterMember[]> {
  let rosterPath = org.path;
  if (org.type === 'partyGroup' && org.parentId) {
    const [parent] = await db.select({ path: units.path }).from(units).where(eq(units.id, org.parentId));
    if (parent) rosterPath = parent.path;
  }
  const rows = await db
    .select({
      id: partyMembers.id,
      name: people.name,
      gender: people.gender,
      category: partyMembers.category,
      fullOn: partyMembers.fullOn,
      post: partyMembers.post,
    })
    .from(partyMembers)
    .innerJoin(people, eq(people.id, partyMembers.personId))
    .innerJoin(units, eq(units.id, partyMembers.unitId))
    .where(
      and(
        eq(partyMembers.status, 'active'),
        sql`${partyMembers.joinedOn} <= ${on}::date`,
        sql`${units.path} like ${`${escapeLike(rosterPath)}%`}`,
      ),
    )
    .orderBy(asc(people.namePinyin), asc(partyMembers.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    gender: r.gender,
    // Full on that day: a full member whose full date (if known) is not after it.
    category: r.category === 'full' && (!r.fullOn || r.fullOn <= on) ? 'full' : 'probationary',
    post: r.post,
  }));
}

/** The roster picker of the meeting form. */
export async function getRoster(ctx: RequestContext, unitId: string, on = todayInChina()) {
  const org = await findPartyOrg(ctx.db, ctx.scope, unitId);
  return {
    unitId: org.id,
    unitName: org.name,
    unitType: org.type,
    on,
    members: await rosterOf(ctx.db, org, on),
  };
}

// Writing records -------------------------------------------------------------------------------

interface PreparedMeeting {
  values: {
    kind: string;
    heldOn: string;
    place: string;
    host: string;
    topic: string;
    minutes: string | null;
    guests: string | null;
    reportingUnitId: string | null;
    expectedFull: number;
    expectedProbationary: number;
    presentFull: number;
    presentProbationary: number;
    quorumMet: boolean | null;
  };
  attendance: Array<{ memberId: string; category: string; present: boolean; absenceReason: string | null }>;
  attachments: Array<{ fileId: string; kind: 'photo' | 'signInSheet' }>;
}

/** Checks a submitted meeting against the organisation's roster and files; computes counts and quorum. */
async function prepareMeeting(
  tx: Tx,
  actor: Actor,
  org: UnitRow,
  input: MeetingInput,
): Promise<PreparedMeeting> {
  const today = todayInChina();
  if (input.heldOn > today) throw new AppError('MEETINGS_DATE_IN_FUTURE', { params: { date: input.heldOn } });
  let reportingUnitId: string | null = null;
  if (input.kind === 'reportHearing') {
    if (!input.reportingUnitId) throw new AppError('MEETINGS_REPORTING_UNIT_REQUIRED');
    // Any unit the clerk can see may report (a supervised department, a 嘎查, an enterprise).
    await findUnitInScope(tx, actor.scopeFor('orgs.read'), input.reportingUnitId).catch(() => {
      throw new AppError('MEETINGS_REPORTING_UNIT_NOT_FOUND');
    });
    reportingUnitId = input.reportingUnitId;
  }
  const roster = await rosterOf(tx, org, input.heldOn);
  const byId = new Map(roster.map((m) => [m.id, m]));
  const present = new Set(input.presentMemberIds);
  const reasons = new Map(input.absences.map((a) => [a.memberId, a.reason]));
  const strangers = [...present, ...reasons.keys()].filter((id) => !byId.has(id));
  if (strangers.length > 0) {
    const names = await tx
      .select({ name: people.name })
      .from(partyMembers)
      .innerJoin(people, eq(people.id, partyMembers.personId))
      .where(inArray(partyMembers.id, [...new Set(strangers)]));
    throw new AppError('MEETINGS_NOT_IN_ROSTER', {
      params: {
        names: names.length > 0 ? names.map((n) => n.name).join('、') : `${strangers.length} 名人员`,
        unit: org.name,
        date: input.heldOn,
      },
    });
  }
  const twice = [...present].filter((id) => reasons.has(id));
  if (twice.length > 0)
    throw new AppError('MEETINGS_ATTENDANCE_TWICE', {
      params: { names: twice.map((id) => byId.get(id)!.name).join('、') },
    });

  // Who was expected: the whole roster, the committee, or only those the clerk listed (see kinds.ts).
  const mode = meetingKindSpecs[input.kind].attendance;
  const listed = (m: RosterMember) => present.has(m.id) || reasons.has(m.id);
  const committee = roster.filter((m) => m.post);
  const expected =
    mode === 'all'
      ? roster
      : mode === 'committee' && committee.length > 0
        ? roster.filter((m) => m.post || listed(m))
        : roster.filter(listed);
  const attendance = expected.map((m) => ({
    memberId: m.id,
    category: m.category,
    present: present.has(m.id),
    absenceReason: present.has(m.id) ? null : (reasons.get(m.id) ?? null),
  }));
  const count = (category: string, onlyPresent: boolean) =>
    attendance.filter((a) => a.category === category && (!onlyPresent || a.present)).length;
  const expectedFull = count('full', false);
  const presentFull = count('full', true);

  const photoIds = [...new Set(input.photoIds)];
  const sheetIds = [...new Set(input.signInSheetIds)].filter((id) => !photoIds.includes(id));
  await requireFiles(tx, { ids: [...photoIds, ...sheetIds], unitId: org.id });

  return {
    values: {
      kind: input.kind,
      heldOn: input.heldOn,
      place: input.place,
      host: input.host,
      topic: input.topic,
      minutes: input.minutes ?? null,
      guests: input.guests ?? null,
      reportingUnitId,
      expectedFull,
      expectedProbationary: count('probationary', false),
      presentFull,
      presentProbationary: count('probationary', true),
      // Quorum of a 支部党员大会: more than half of the members with voting rights (full members);
      // of a 支委会: more than half of the committee members.
      quorumMet:
        input.kind === 'branchAssembly'
          ? presentFull * 2 > expectedFull
          : input.kind === 'committeeMeeting' && committee.length > 0
            ? attendance.filter((a) => a.present).length * 2 > attendance.length
            : null,
    },
    attendance,
    attachments: [
      ...photoIds.map((fileId) => ({ fileId, kind: 'photo' as const })),
      ...sheetIds.map((fileId) => ({ fileId, kind: 'signInSheet' as const })),
    ],
  };
}

async function writeChildren(tx: Tx, meetingId: string, prepared: PreparedMeeting): Promise<void> {
  for (let i = 0; i < prepared.attendance.length; i += 1000) {
    await tx
      .insert(meetingAttendance)
      .values(prepared.attendance.slice(i, i + 1000).map((a) => ({ ...a, meetingId })));
  }
  if (prepared.attachments.length > 0)
    await tx.insert(meetingAttachments).values(prepared.attachments.map((a) => ({ ...a, meetingId })));
}

async function recordEvent(
  tx: Tx,
  actor: Actor,
  meetingId: string,
  event: { action: string; fromStatus: string | null; toStatus: string; reason?: string | null },
): Promise<void> {
  await tx.insert(meetingEvents).values({
    meetingId,
    action: event.action,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    reason: event.reason ?? null,
    actorId: actor.userId,
    actorName: actor.displayName,
  });
}

/** The organisations whose compliance a meeting of `org` affects (a 党小组's also its branch). */
function affectedOrgs(org: Pick<UnitRow, 'id' | 'type' | 'parentId'>): string[] {
  return org.type === 'partyGroup' && org.parentId ? [org.id, org.parentId] : [org.id];
}

/** Records a meeting held by a Party organisation in the actor's scope; it awaits the superior's review. */
export async function createMeeting(ctx: RequestContext, input: CreateMeetingInput): Promise<MeetingDetail> {
  const id = await ctx.db.transaction(async (tx) => {
    const org = await findPartyOrg(tx, ctx.scope, input.unitId);
    if (!org.active) throw new AppError('MEETINGS_UNIT_INACTIVE', { params: { name: org.name } });
    const prepared = await prepareMeeting(tx, ctx.actor, org, input);
    const [row] = await tx
      .insert(meetings)
      .values({
        ...prepared.values,
        unitId: org.id,
        bannerId: org.type === 'banner' ? org.id : org.bannerId,
        status: 'submitted',
        createdBy: ctx.actor.userId,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    await writeChildren(tx, row!.id, prepared);
    await recordEvent(tx, ctx.actor, row!.id, { action: 'submit', fromStatus: null, toStatus: 'submitted' });
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'meeting',
      entityId: row!.id,
      action: 'create',
      after: { ...row, attendance: prepared.attendance.length, attachments: prepared.attachments },
    });
    await refreshComplianceNotices(tx, affectedOrgs(org));
    return row!.id;
  });
  return getMeeting(ctx, id);
}

async function findMeetingInScope(
  db: DbOrTx,
  scope: Scope,
  id: string,
): Promise<{ meeting: MeetingRow; org: UnitRow }> {
  const [row] = await db
    .select({ meeting: meetings, org: units })
    .from(meetings)
    .innerJoin(units, eq(units.id, meetings.unitId))
    .where(and(eq(meetings.id, id), pathCondition(scope, units.path)));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/**
 * Corrects a submitted or sent-back record. A sent-back record is resubmitted by the correction and
 * goes back to the superior's queue.
 */
export async function updateMeeting(
  ctx: RequestContext,
  id: string,
  input: MeetingInput,
): Promise<MeetingDetail> {
  await ctx.db.transaction(async (tx) => {
    const { meeting: before, org } = await findMeetingInScope(tx, ctx.scope, id);
    if (!isEditable(before.status))
      throw new AppError('MEETINGS_LOCKED', {
        params: { status: meetingStatusNames[before.status as MeetingStatus] },
      });
    const prepared = await prepareMeeting(tx, ctx.actor, org, input);
    await tx.delete(meetingAttendance).where(eq(meetingAttendance.meetingId, id));
    await tx.delete(meetingAttachments).where(eq(meetingAttachments.meetingId, id));
    const resubmit = before.status === 'returned';
    const [after] = await tx
      .update(meetings)
      .set({
        ...prepared.values,
        status: 'submitted',
        statusReason: resubmit ? null : before.statusReason,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(meetings.id, id))
      .returning();
    await writeChildren(tx, id, prepared);
    await recordEvent(tx, ctx.actor, id, {
      action: resubmit ? 'resubmit' : 'update',
      fromStatus: before.status,
      toStatus: 'submitted',
    });
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'meeting',
      entityId: id,
      action: resubmit ? 'resubmit' : 'update',
      before,
      after: { ...after, attendance: prepared.attendance.length, attachments: prepared.attachments },
    });
    await refreshComplianceNotices(tx, affectedOrgs(org));
  });
  return getMeeting(ctx, id);
}

/**
 * The superior organisation approves a submitted record or sends it back with a reason. Reviewing at
 * the record's own level is refused (403); a record outside the reviewer's scope is not found (404).
 */
export async function reviewMeeting(
  ctx: RequestContext,
  id: string,
  decision: { decision: 'approve' | 'return'; reason?: string | null },
): Promise<MeetingDetail> {
  await ctx.db.transaction(async (tx) => {
    const { meeting: before, org } = await findMeetingInScope(tx, ctx.scope, id);
    const parent = org.parentId
      ? ((await tx.select().from(units).where(eq(units.id, org.parentId)))[0] ?? null)
      : null;
    if (!isSuperiorReviewer(ctx.scope, ownLevelPath(org, parent)))
      throw new AppError('MEETINGS_REVIEW_OWN_LEVEL');
    if (before.status !== 'submitted')
      throw new AppError('MEETINGS_NOT_SUBMITTED', {
        params: { status: meetingStatusNames[before.status as MeetingStatus] },
      });
    const toStatus = decision.decision === 'approve' ? 'approved' : 'returned';
    const reason = decision.reason ?? null;
    const [after] = await tx
      .update(meetings)
      .set({
        status: toStatus,
        statusReason: decision.decision === 'return' ? reason : null,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(meetings.id, id))
      .returning();
    await recordEvent(tx, ctx.actor, id, {
      action: decision.decision,
      fromStatus: before.status,
      toStatus,
      reason,
    });
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'meeting',
      entityId: id,
      action: decision.decision,
      before: { status: before.status },
      after: { status: after!.status, reason },
    });
  });
  return getMeeting({ ...ctx, scope: ctx.actor.scopeFor('meetings.read') }, id);
}

/** Withdraws a record with a reason (never deleted); it stops counting for compliance. */
export async function voidMeeting(ctx: RequestContext, id: string, reason: string): Promise<MeetingDetail> {
  await ctx.db.transaction(async (tx) => {
    const { meeting: before } = await findMeetingInScope(tx, ctx.scope, id);
    if (!isEditable(before.status))
      throw new AppError('MEETINGS_LOCKED', {
        params: { status: meetingStatusNames[before.status as MeetingStatus] },
      });
    await tx
      .update(meetings)
      .set({ status: 'voided', statusReason: reason, updatedAt: new Date().toISOString() })
      .where(eq(meetings.id, id));
    await recordEvent(tx, ctx.actor, id, {
      action: 'void',
      fromStatus: before.status,
      toStatus: 'voided',
      reason,
    });
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'meeting',
      entityId: id,
      action: 'void',
      before: { status: before.status },
      after: { status: 'voided', reason },
    });
  });
  return getMeeting({ ...ctx, scope: ctx.actor.scopeFor('meetings.read') }, id);
}

// Reading records -------------------------------------------------------------------------------

/** One record with attendance, attachments, history, rectification items, grades and allowed actions. */
export async function getMeeting(ctx: RequestContext, id: string): Promise<MeetingDetail> {
  const { db } = ctx;
  const [row] = await baseQuery(db).where(and(eq(meetings.id, id), pathCondition(ctx.scope, units.path)));
  if (!row) throw new AppError('NOT_FOUND');
  const m = row.meeting;
  const [attendance, attachments, events, rectifications, grades, parentRows, names] = await Promise.all([
    db
      .select({
        memberId: meetingAttendance.memberId,
        name: people.name,
        category: meetingAttendance.category,
        present: meetingAttendance.present,
        absenceReason: meetingAttendance.absenceReason,
      })
      .from(meetingAttendance)
      .innerJoin(partyMembers, eq(partyMembers.id, meetingAttendance.memberId))
      .innerJoin(people, eq(people.id, partyMembers.personId))
      .where(eq(meetingAttendance.meetingId, id))
      .orderBy(desc(meetingAttendance.present), asc(people.namePinyin)),
    db.select().from(meetingAttachments).where(eq(meetingAttachments.meetingId, id)),
    db.select().from(meetingEvents).where(eq(meetingEvents.meetingId, id)).orderBy(asc(meetingEvents.at)),
    db
      .select()
      .from(rectificationItems)
      .where(eq(rectificationItems.meetingId, id))
      .orderBy(asc(rectificationItems.dueOn)),
    db
      .select({
        memberId: memberReviewGrades.memberId,
        name: people.name,
        grade: memberReviewGrades.grade,
        note: memberReviewGrades.note,
      })
      .from(memberReviewGrades)
      .innerJoin(partyMembers, eq(partyMembers.id, memberReviewGrades.memberId))
      .innerJoin(people, eq(people.id, partyMembers.personId))
      .where(eq(memberReviewGrades.meetingId, id))
      .orderBy(asc(people.namePinyin)),
    row.unitParentId ? db.select().from(units).where(eq(units.id, row.unitParentId)) : Promise.resolve([]),
    pathNamesOf(db, [row.unitPath]),
  ]);
  const files = await describeFiles(
    db,
    attachments.map((a) => a.fileId),
  );
  const fileById = new Map(files.map((f) => [f.id, f]));
  const filesOf = (kind: string) =>
    attachments
      .filter((a) => a.kind === kind && fileById.has(a.fileId))
      .map((a) => {
        const { id: fileId, name, mime, size, url } = fileById.get(a.fileId)!;
        return { id: fileId, name, mime, size, url };
      });
  const today = todayInChina();
  return {
    ...toView(row),
    pathNames: names.get(row.unitPath) ?? row.unitName,
    unitType: row.unitType,
    minutes: m.minutes,
    guests: m.guests,
    attendance,
    photos: filesOf('photo'),
    signInSheets: filesOf('signInSheet'),
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      reason: e.reason,
      actorName: e.actorName,
      at: e.at,
    })),
    rectifications: rectifications.map((r) => rectificationToView(r, today)),
    grades,
    allowed: allowedActions({
      status: m.status,
      orgPath: row.unitPath,
      ownLevel: ownLevelPath({ path: row.unitPath }, parentRows[0] ?? null),
      writeScope: ctx.actor.scopeFor('meetings.write'),
      reviewScope: ctx.actor.scopeFor('meetings.review'),
    }),
  };
}

/** The filter of the meeting list, shared by the page and the Excel export. */
async function listFilter(
  ctx: RequestContext,
  query: Omit<ListMeetingsQuery, 'page' | 'pageSize'>,
): Promise<SQL | undefined> {
  const conditions: Array<SQL | undefined> = [pathCondition(ctx.scope, units.path)];
  if (query.unitId) {
    const unit = await findUnitInScope(ctx.db, ctx.scope, query.unitId);
    conditions.push(sql`${units.path} like ${`${escapeLike(unit.path)}%`}`);
  }
  if (query.kind) conditions.push(eq(meetings.kind, query.kind));
  if (query.status) conditions.push(eq(meetings.status, query.status));
  if (query.from) conditions.push(sql`${meetings.heldOn} >= ${query.from}::date`);
  if (query.to) conditions.push(sql`${meetings.heldOn} <= ${query.to}::date`);
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    conditions.push(
      sql`(lower(${meetings.topic}) like ${like} or lower(${meetings.place}) like ${like} or lower(${meetings.host}) like ${like} or lower(${units.name}) like ${like} or ${units.pinyin} like ${like})`,
    );
  }
  return and(...conditions);
}

/** Meetings in scope, filtered and paged, newest first. */
export async function listMeetings(ctx: RequestContext, query: ListMeetingsQuery) {
  const where = await listFilter(ctx, query);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(meetings)
    .innerJoin(units, eq(units.id, meetings.unitId))
    .where(where);
  const rows = await baseQuery(ctx.db)
    .where(where)
    .orderBy(desc(meetings.heldOn), desc(meetings.createdAt))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const names = await pathNamesOf(
    ctx.db,
    rows.map((r) => r.unitPath),
  );
  return {
    items: rows.map((r) => ({ ...toView(r), pathNames: names.get(r.unitPath) ?? r.unitName })),
    total: Number(total),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Every meeting matching the list filters, for the Excel export (audited). */
export async function meetingsForExport(
  ctx: RequestContext,
  query: Omit<ListMeetingsQuery, 'page' | 'pageSize'>,
) {
  const where = await listFilter(ctx, query);
  const rows = await baseQuery(ctx.db)
    .where(where)
    .orderBy(desc(meetings.heldOn), desc(meetings.createdAt))
    .limit(50_000);
  const names = await pathNamesOf(
    ctx.db,
    rows.map((r) => r.unitPath),
  );
  await recordAudit(ctx.db, auditActorOf(ctx.actor), {
    entity: 'meeting',
    action: 'export',
    after: { count: rows.length, filters: query },
  });
  return rows.map((r) => ({ ...toView(r), pathNames: names.get(r.unitPath) ?? r.unitName }));
}

/** The meetings of one organisation (and its party groups) between two dates, for the calendar. */
export async function calendarOf(ctx: RequestContext, query: { unitId: string; from: string; to: string }) {
  const org = await findPartyOrg(ctx.db, ctx.scope, query.unitId);
  const rows = await baseQuery(ctx.db)
    .where(
      and(
        sql`${units.path} like ${`${escapeLike(org.path)}%`}`,
        sql`${meetings.heldOn} >= ${query.from}::date`,
        sql`${meetings.heldOn} < ${query.to}::date`,
        sql`${meetings.status} <> 'voided'`,
      ),
    )
    .orderBy(asc(meetings.heldOn))
    .limit(1000);
  return rows.map(toView);
}

/**
 * Submitted records the actor may review: in the review scope and below the reviewer's own level
 * (the superior-organisation rule expressed in SQL over the organisation and its host unit).
 */
export async function reviewQueue(ctx: RequestContext, page: { page: number; pageSize: number }) {
  const parents = alias(units, 'parent_units');
  const partyTypes = unitTypes.filter((t) => t.category === 'party').map((t) => t.key);
  const ownLevel = sql`(case when ${parents.type} in ${partyTypes} then ${units.path} else ${parents.path} end)`;
  const superior =
    ctx.scope.paths.length === 0
      ? sql`false`
      : sql`(${sql.join(
          ctx.scope.paths.map(
            (root) => sql`(${ownLevel} like ${`${escapeLike(root)}%`} and ${ownLevel} <> ${root})`,
          ),
          sql` or `,
        )})`;
  const where = and(eq(meetings.status, 'submitted'), pathCondition(ctx.scope, units.path), superior);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(meetings)
    .innerJoin(units, eq(units.id, meetings.unitId))
    .leftJoin(parents, eq(parents.id, units.parentId))
    .where(where);
  const rows = await ctx.db
    .select(viewColumns)
    .from(meetings)
    .innerJoin(units, eq(units.id, meetings.unitId))
    .leftJoin(reportingUnits, eq(reportingUnits.id, meetings.reportingUnitId))
    .leftJoin(parents, eq(parents.id, units.parentId))
    .where(where)
    .orderBy(asc(meetings.createdAt))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const names = await pathNamesOf(
    ctx.db,
    rows.map((r) => r.unitPath),
  );
  return {
    items: rows.map((r) => ({ ...toView(r), pathNames: names.get(r.unitPath) ?? r.unitName })),
    total: Number(total),
    page: page.page,
    pageSize: page.pageSize,
  };
}

// Rectification items and grades ---------------------------------------------------------------

type RectificationRow = typeof rectificationItems.$inferSelect;

function rectificationToView(r: RectificationRow, today: string): RectificationView {
  return {
    id: r.id,
    meetingId: r.meetingId,
    description: r.description,
    responsible: r.responsible,
    dueOn: r.dueOn,
    status: r.status,
    statusName: rectificationStatusNames[r.status as RectificationStatus] ?? r.status,
    completionNote: r.completionNote,
    completedOn: r.completedOn,
    overdue: r.status !== 'done' && r.dueOn < today,
    updatedAt: r.updatedAt,
  };
}

function assertKind(meeting: MeetingRow, expected: string, action: string): void {
  if (meeting.kind !== expected)
    throw new AppError('MEETINGS_WRONG_KIND', {
      params: { expected: meetingKindName(expected), actual: meetingKindName(meeting.kind), action },
    });
}

/** Adds an item to a 组织生活会's rectification list. */
export async function addRectification(
  ctx: RequestContext,
  meetingId: string,
  input: { description: string; responsible: string; dueOn: string },
): Promise<RectificationView> {
  return ctx.db.transaction(async (tx) => {
    const { meeting } = await findMeetingInScope(tx, ctx.scope, meetingId);
    assertKind(meeting, 'lifeMeeting', '添加整改事项');
    if (meeting.status === 'voided')
      throw new AppError('MEETINGS_LOCKED', { params: { status: meetingStatusNames.voided } });
    const [row] = await tx
      .insert(rectificationItems)
      .values({ meetingId, ...input })
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'rectificationItem',
      entityId: row!.id,
      action: 'create',
      after: row,
    });
    return rectificationToView(row!, todayInChina());
  });
}

/** Updates an item's progress; "done" needs a completion note and date. */
export async function updateRectification(
  ctx: RequestContext,
  id: string,
  input: {
    description?: string;
    responsible?: string;
    dueOn?: string;
    status?: RectificationStatus;
    completionNote?: string | null;
    completedOn?: string | null;
  },
): Promise<RectificationView> {
  return ctx.db.transaction(async (tx) => {
    const [found] = await tx
      .select({ item: rectificationItems })
      .from(rectificationItems)
      .innerJoin(meetings, eq(meetings.id, rectificationItems.meetingId))
      .where(and(eq(rectificationItems.id, id), unitCondition(ctx.scope, meetings.unitId)));
    if (!found) throw new AppError('MEETINGS_RECTIFICATION_NOT_FOUND');
    const before = found.item;
    const next = {
      description: input.description ?? before.description,
      responsible: input.responsible ?? before.responsible,
      dueOn: input.dueOn ?? before.dueOn,
      status: input.status ?? before.status,
      completionNote: input.completionNote !== undefined ? input.completionNote : before.completionNote,
      completedOn: input.completedOn !== undefined ? input.completedOn : before.completedOn,
    };
    if (next.status === 'done' && (!next.completionNote || !next.completedOn))
      throw new AppError('MEETINGS_COMPLETION_REQUIRED');
    if (next.status === 'done' && next.completedOn && next.completedOn > todayInChina())
      throw new AppError('MEETINGS_DATE_IN_FUTURE', { params: { date: next.completedOn } });
    if (next.status !== 'done') next.completedOn = null;
    const [after] = await tx
      .update(rectificationItems)
      .set({ ...next, updatedAt: new Date().toISOString() })
      .where(eq(rectificationItems.id, id))
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'rectificationItem',
      entityId: id,
      action: 'update',
      before,
      after,
    });
    return rectificationToView(after!, todayInChina());
  });
}

/** Rectification items of 组织生活会 in scope, open ones first by due date. */
export async function listRectifications(
  ctx: RequestContext,
  query: { unitId?: string; status?: RectificationStatus; page: number; pageSize: number },
) {
  const conditions: Array<SQL | undefined> = [
    pathCondition(ctx.scope, units.path),
    sql`${meetings.status} <> 'voided'`,
  ];
  if (query.unitId) {
    const unit = await findUnitInScope(ctx.db, ctx.scope, query.unitId);
    conditions.push(sql`${units.path} like ${`${escapeLike(unit.path)}%`}`);
  }
  if (query.status) conditions.push(eq(rectificationItems.status, query.status));
  const where = and(...conditions);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(rectificationItems)
    .innerJoin(meetings, eq(meetings.id, rectificationItems.meetingId))
    .innerJoin(units, eq(units.id, meetings.unitId))
    .where(where);
  const rows = await ctx.db
    .select({ item: rectificationItems, unitId: units.id, unitName: units.name, heldOn: meetings.heldOn })
    .from(rectificationItems)
    .innerJoin(meetings, eq(meetings.id, rectificationItems.meetingId))
    .innerJoin(units, eq(units.id, meetings.unitId))
    .where(where)
    .orderBy(sql`${rectificationItems.status} = 'done'`, asc(rectificationItems.dueOn))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const today = todayInChina();
  return {
    items: rows.map((r) => ({
      ...rectificationToView(r.item, today),
      unitId: r.unitId,
      unitName: r.unitName,
      heldOn: r.heldOn,
    })),
    total: Number(total),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Records the grades of a 民主评议党员 for members of the organisation's roster (replacing earlier ones). */
export async function setGrades(
  ctx: RequestContext,
  meetingId: string,
  grades: Array<{ memberId: string; grade: string; note?: string | null }>,
): Promise<MeetingDetail> {
  await ctx.db.transaction(async (tx) => {
    const { meeting, org } = await findMeetingInScope(tx, ctx.scope, meetingId);
    assertKind(meeting, 'memberReview', '登记评议等次');
    if (meeting.status === 'voided')
      throw new AppError('MEETINGS_LOCKED', { params: { status: meetingStatusNames.voided } });
    const roster = new Set((await rosterOf(tx, org, meeting.heldOn)).map((m) => m.id));
    const strangers = grades.filter((g) => !roster.has(g.memberId)).map((g) => g.memberId);
    if (strangers.length > 0) {
      const names = await tx
        .select({ name: people.name })
        .from(partyMembers)
        .innerJoin(people, eq(people.id, partyMembers.personId))
        .where(inArray(partyMembers.id, strangers));
      throw new AppError('MEETINGS_NOT_IN_ROSTER', {
        params: {
          names: names.length > 0 ? names.map((n) => n.name).join('、') : `${strangers.length} 名人员`,
          unit: org.name,
          date: meeting.heldOn,
        },
      });
    }
    const before = await tx
      .select()
      .from(memberReviewGrades)
      .where(eq(memberReviewGrades.meetingId, meetingId));
    await tx.delete(memberReviewGrades).where(eq(memberReviewGrades.meetingId, meetingId));
    const unique = [...new Map(grades.map((g) => [g.memberId, g])).values()];
    if (unique.length > 0)
      await tx
        .insert(memberReviewGrades)
        .values(
          unique.map((g) => ({ meetingId, memberId: g.memberId, grade: g.grade, note: g.note ?? null })),
        );
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'meeting',
      entityId: meetingId,
      action: 'grades',
      before: before.map((g) => ({ memberId: g.memberId, grade: g.grade })),
      after: unique.map((g) => ({ memberId: g.memberId, grade: g.grade })),
    });
  });
  return getMeeting({ ...ctx, scope: ctx.actor.scopeFor('meetings.read') }, meetingId);
}

/** Attendance summary rows for an indicator: raw present/expected sums in scope and period. */
export async function attendanceTotals(db: DbOrTx, scope: Scope, period: { from: string; to: string }) {
  return queryRows<{ id: string; expected: number; present: number }>(
    db,
    sql`select m.id, (m.expected_full + m.expected_probationary)::int as expected,
          (m.present_full + m.present_probationary)::int as present
        from meetings m join units u on u.id = m.unit_id
        where m.status in ('submitted', 'approved') and m.held_on >= ${period.from}::date and m.held_on < ${period.to}::date
          and ${pathCondition(scope, sql`u.path`)}`,
  );
}
