import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import { builtStatement, type DbOrTx, pageTotal, shapeOf, StatementValues, type Tx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http/context';
import { pinyinKey } from '../../platform/pinyin';
import { escapeLike, pathCondition, pathRangeCondition, type Scope, scopeOf } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { pathNamesOf, units } from '../orgs';
import { people, protectIdentity } from '../people';
import type {
  CreateMemberInput,
  MemberDetail,
  MemberFilters,
  MemberListQuery,
  MemberRow,
  UpdateMemberInput,
} from './contract';
import { addDays, yearsBetween } from './dates';
import { allowedDecisions } from './decisionRules';
import { changedFields, partySnapshot, recordMemberEvents } from './events';
import { birthDateRange, memberFlagsOn, type AgeBand } from './flags';
import { conversionDueDate, conversionState } from './probation';
import {
  conversionDueCondition,
  findMemberInScope,
  findPartyUnitInScope,
  lastAcceptedTransferOn,
  mobileCondition,
  outOfContactCondition,
  personColumns,
} from './queries';
import { memberDecisions, memberEvents, partyMembers } from './schema';
import { getMemberSettings, type MemberSettings } from './settings';
import { transfersOfMember } from './transfers';
import type { EducationLevel, MemberCategory, MemberStatus } from './vocabulary';

const rowColumns = {
  id: partyMembers.id,
  ...personColumns,
  unitId: partyMembers.unitId,
  unitName: units.name,
  unitPath: units.path,
  category: partyMembers.category,
  status: partyMembers.status,
  joinedOn: partyMembers.joinedOn,
  fullOn: partyMembers.fullOn,
  conversionDueOn: partyMembers.conversionDueOn,
  education: partyMembers.education,
  post: partyMembers.post,
  awaySince: partyMembers.awaySince,
  lastContactOn: partyMembers.lastContactOn,
  lastAcceptedTransferOn,
};

interface SelectedRow {
  id: string;
  personId: string;
  name: string;
  gender: string;
  birthDate: string;
  ethnicity: string | null;
  idNumberMasked: string;
  phoneMasked: string | null;
  unitId: string;
  unitName: string;
  unitPath: string;
  category: string;
  status: string;
  joinedOn: string;
  fullOn: string | null;
  conversionDueOn: string | null;
  education: string | null;
  post: string | null;
  awaySince: string | null;
  lastContactOn: string | null;
  lastAcceptedTransferOn: string | null;
}

/** The flags of members on `today` under the settings' thresholds. */
function flagsOn(today: string, settings: MemberSettings) {
  return memberFlagsOn(today, {
    mobileAfterMonths: settings['members.mobileAfterMonths'],
    outOfContactAfterMonths: settings['members.outOfContactAfterMonths'],
  });
}

/** Turns a selected row into the roster view with its computed flags. */
function toRow(
  row: SelectedRow,
  today: string,
  settings: MemberSettings,
  flagsOf = flagsOn(today, settings),
): MemberRow {
  const flags = flagsOf(row);
  const probationary = row.category === 'probationary' && row.status === 'active' && row.conversionDueOn;
  return {
    id: row.id,
    personId: row.personId,
    name: row.name,
    gender: row.gender === 'female' ? 'female' : 'male',
    birthDate: row.birthDate,
    age: yearsBetween(row.birthDate, today),
    ethnicity: row.ethnicity,
    idNumberMasked: row.idNumberMasked,
    phoneMasked: row.phoneMasked,
    unitId: row.unitId,
    unitName: row.unitName,
    category: row.category as MemberCategory,
    status: row.status as MemberStatus,
    joinedOn: row.joinedOn,
    fullOn: row.fullOn,
    conversionDueOn: row.conversionDueOn,
    education: (row.education ?? null) as EducationLevel | null,
    post: row.post,
    awaySince: row.awaySince,
    lastContactOn: row.lastContactOn,
    flags: {
      ...flags,
      conversion: probationary
        ? conversionState(row.conversionDueOn!, today, settings['members.conversionReminderDays'])
        : null,
    },
  };
}

/**
 * The roster's WHERE clause: scope, organisation subtree and every filter, each value a placeholder
 * in `values`, so the list's statement is built once per combination of filters (`builtStatement`).
 */
async function rosterCondition(
  ctx: RequestContext,
  query: MemberFilters,
  today: string,
  settings: MemberSettings,
  values: StatementValues,
): Promise<SQL> {
  const { db, scope, cipher } = ctx;
  const value = (v: unknown) => values.of(v);
  // The organisations first, as an array the member index is probed with: joined the other way,
  // PostgreSQL scans every member of the installation to keep a 苏木镇's few hundred (26 → 11 ms at
  // league scale).
  const inUnits = (condition: SQL) =>
    sql`${partyMembers.unitId} = any(array(select u.id from units u where ${condition}))`;
  // As ranges of paths: the roster's statement runs on a generic plan, which can then find the
  // units by the path index instead of reading all of them.
  const conditions: (SQL | undefined)[] = [inUnits(pathRangeCondition(scope, sql`u.path`, values))];
  if (query.unitId) {
    const unit = await findPartyUnitInScope(db, scope, query.unitId, { requireActive: false });
    conditions.push(inUnits(pathRangeCondition(scopeOf([unit.path]), sql`u.path`, values)));
  }
  if (query.status !== 'all') conditions.push(eq(partyMembers.status, value(query.status)));
  if (query.q) {
    if (/^\d{17}[\dXx]$/.test(query.q)) {
      conditions.push(eq(people.idNumberIndex, value(cipher.blindIndex(query.q.toUpperCase()))));
    } else {
      const like = value(`%${escapeLike(query.q.toLowerCase())}%`);
      conditions.push(sql`(${people.name} like ${like} or ${people.namePinyin} like ${like})`);
    }
  }
  if (query.category) conditions.push(eq(partyMembers.category, value(query.category)));
  if (query.gender) conditions.push(eq(people.gender, value(query.gender)));
  if (query.ethnicity) conditions.push(eq(people.ethnicity, value(query.ethnicity)));
  if (query.ageBand) {
    const range = birthDateRange(query.ageBand as AgeBand, today);
    conditions.push(
      sql`${people.birthDate} > ${value(range.bornAfter)}::date and ${people.birthDate} <= ${value(range.bornOnOrBefore)}::date`,
    );
  }
  if (query.education) conditions.push(eq(partyMembers.education, value(query.education)));
  if (query.joinedFrom) conditions.push(sql`${partyMembers.joinedOn} >= ${value(query.joinedFrom)}::date`);
  if (query.joinedTo) conditions.push(sql`${partyMembers.joinedOn} <= ${value(query.joinedTo)}::date`);
  if (query.post) {
    conditions.push(
      query.post === '*'
        ? sql`coalesce(${partyMembers.post}, '') <> ''`
        : eq(partyMembers.post, value(query.post)),
    );
  }
  // The flags' dates are written into the text: they change once a day, and shapeOf keys them.
  if (query.flag === 'mobile') conditions.push(mobileCondition(today, settings['members.mobileAfterMonths']));
  if (query.flag === 'outOfContact')
    conditions.push(outOfContactCondition(today, settings['members.outOfContactAfterMonths']));
  if (query.flag === 'conversionDue') {
    conditions.push(conversionDueCondition(addDays(today, settings['members.conversionReminderDays'])));
  }
  return and(...conditions)!;
}

function rosterQuery(db: DbOrTx, where: SQL) {
  return db
    .select(rowColumns)
    .from(partyMembers)
    .innerJoin(people, eq(people.id, partyMembers.personId))
    .innerJoin(units, eq(units.id, partyMembers.unitId))
    .where(where);
}

/** One page of the roster in scope, filtered and searched (name, pinyin initials or exact ID number). */
export async function listMembers(ctx: RequestContext, query: MemberListQuery) {
  const { db } = ctx;
  const today = todayInChina();
  const settings = await getMemberSettings(db);
  const values = new StatementValues();
  const where = await rosterCondition(ctx, query, today, settings, values);
  const shape = shapeOf(where);
  // The roster is the most used list: one statement finds the page's members in order with the total
  // of all matches, then reads the full rows of those 20 only (a banner's 8,000 members are sorted as
  // ids and names, not as whole rows). Built once per shape of filters, prepared on each connection.
  const found = await builtStatement(db, `members.roster\n${shape}`, () => {
    const page = db
      .select({
        id: partyMembers.id,
        namePinyin: people.namePinyin,
        total: sql<number>`count(*) over ()`.as('total'),
      })
      .from(partyMembers)
      .innerJoin(people, eq(people.id, partyMembers.personId))
      .innerJoin(units, eq(units.id, partyMembers.unitId))
      .where(where)
      .orderBy(asc(people.namePinyin), asc(partyMembers.id))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .as('page');
    return db
      .select({ row: rowColumns, total: page.total })
      .from(page)
      .innerJoin(partyMembers, eq(partyMembers.id, page.id))
      .innerJoin(people, eq(people.id, partyMembers.personId))
      .innerJoin(units, eq(units.id, partyMembers.unitId))
      .orderBy(asc(page.namePinyin), asc(page.id));
  }).execute({ ...values.values, limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  const rows = found.map((f) => f.row) as SelectedRow[];
  const flagsOfPage = flagsOn(today, settings);
  const total = await pageTotal(found[0], query.page, () =>
    builtStatement(db, `members.rosterCount\n${shape}`, () =>
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(partyMembers)
        .innerJoin(people, eq(people.id, partyMembers.personId))
        .innerJoin(units, eq(units.id, partyMembers.unitId))
        .where(where),
    ).execute(values.values),
  );
  return {
    items: rows.map((row) => toRow(row, today, settings, flagsOfPage)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Every member matching the roster filters, with the organisation's full path, for the Excel export (audited). */
export async function membersForExport(ctx: RequestContext, query: MemberFilters) {
  const today = todayInChina();
  const settings = await getMemberSettings(ctx.db);
  const values = new StatementValues();
  const where = await rosterCondition(ctx, query, today, settings, values);
  const rows = (await rosterQuery(ctx.db, where)
    .orderBy(asc(units.path), asc(people.namePinyin), asc(partyMembers.id))
    .prepare('')
    .execute(values.values)) as SelectedRow[];
  const paths = await pathNamesOf(ctx.db, [...new Set(rows.map((r) => r.unitPath))]);
  await recordAudit(ctx.db, auditActorOf(ctx.actor), {
    entity: 'member',
    action: 'export',
    after: { count: rows.length, filters: query },
  });
  return rows.map((row) => ({
    ...toRow(row, today, settings),
    unitPath: paths.get(row.unitPath) ?? row.unitName,
  }));
}

/** A member's page: person data (masked), Party data, flags, decisions, transfers and the full history. */
export async function getMember(ctx: RequestContext, id: string, db: DbOrTx = ctx.db): Promise<MemberDetail> {
  const { member } = await findMemberInScope(db, ctx.scope, id);
  const today = todayInChina();
  const settings = await getMemberSettings(db);
  const [row] = (await rosterQuery(db, eq(partyMembers.id, member.id))) as SelectedRow[];
  const [decisions, events, transfers, paths] = await Promise.all([
    db
      .select()
      .from(memberDecisions)
      .where(eq(memberDecisions.memberId, id))
      .orderBy(desc(memberDecisions.decidedOn), desc(memberDecisions.createdAt)),
    db
      .select()
      .from(memberEvents)
      .where(eq(memberEvents.memberId, id))
      .orderBy(desc(memberEvents.at), desc(memberEvents.id)),
    transfersOfMember(db, ctx.scope, id),
    pathNamesOf(db, [row!.unitPath]),
  ]);
  return {
    ...toRow(row!, today, settings),
    unitPath: paths.get(row!.unitPath) ?? row!.unitName,
    probationExtensionMonths: member.probationExtensionMonths,
    reminderDays: settings['members.conversionReminderDays'],
    decisions: decisions.map((d) => ({
      id: d.id,
      kind: d.kind as MemberDetail['decisions'][number]['kind'],
      decidedOn: d.decidedOn,
      approver: d.approver,
      note: d.note,
      extensionMonths: d.extensionMonths,
      createdByName: d.createdByName,
      createdAt: d.createdAt,
    })),
    transfers,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      summary: e.summary,
      before: e.before,
      after: e.after,
      actorName: e.actorName,
      at: e.at,
    })),
    allowedDecisions: allowedDecisions(member),
    hasOpenTransfer: transfers.some((t) => t.status === 'pending'),
  };
}

function assertNotFuture(value: string | null | undefined, field: string, today: string): void {
  if (value && value > today) throw new AppError('MEMBERS_DATE_IN_FUTURE', { params: { field } });
}

/** The Party-data checks shared by the form and the import (dates against each other and today). */
export function checkPartyDates(
  input: {
    category: string;
    joinedOn: string;
    fullOn?: string | null;
    awaySince?: string | null;
    lastContactOn?: string | null;
  },
  today: string,
): void {
  assertNotFuture(input.joinedOn, '入党日期', today);
  assertNotFuture(input.fullOn, '转正日期', today);
  assertNotFuture(input.awaySince, '外出日期', today);
  assertNotFuture(input.lastContactOn, '最近联系日期', today);
  if (input.category === 'full' && !input.fullOn) throw new AppError('MEMBERS_FULL_DATE_REQUIRED');
  if (input.category === 'probationary' && input.fullOn) throw new AppError('MEMBERS_FULL_DATE_NOT_ALLOWED');
  if (input.fullOn && input.fullOn < input.joinedOn) throw new AppError('MEMBERS_FULL_BEFORE_JOIN');
}

/** Finds the person to make a member: by id (in scope), or by ID number (linked when registered, else created). */
async function resolvePerson(
  tx: Tx,
  ctx: RequestContext,
  input: CreateMemberInput,
  unit: typeof units.$inferSelect,
): Promise<{ id: string; name: string }> {
  if (input.personId) {
    const [person] = await tx
      .select({ id: people.id, name: people.name })
      .from(people)
      .innerJoin(units, eq(units.id, people.unitId))
      .where(and(eq(people.id, input.personId), pathCondition(ctx.scope, units.path)));
    if (!person) throw new AppError('NOT_FOUND');
    return person;
  }
  if (!input.name || !input.idNumber) throw new AppError('MEMBERS_PERSON_REQUIRED');
  const identity = protectIdentity(ctx.cipher, { idNumber: input.idNumber, phone: input.phone || null });
  const [existing] = await tx
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(eq(people.idNumberIndex, identity.idNumberIndex));
  if (existing) {
    if (existing.name !== input.name) throw new AppError('MEMBERS_PERSON_NAME_MISMATCH');
    return existing;
  }
  const [created] = await tx
    .insert(people)
    .values({
      bannerId: unit.bannerId,
      unitId: unit.id,
      name: input.name,
      namePinyin: pinyinKey(input.name, { surname: true }),
      ethnicity: input.ethnicity || null,
      ...identity,
    })
    .returning({ id: people.id, name: people.name });
  await recordAudit(tx, auditActorOf(ctx.actor), {
    entity: 'person',
    entityId: created!.id,
    action: 'create',
    after: { name: input.name, unitId: unit.id, idNumber: identity.idNumberMasked, via: 'members' },
  });
  return created!;
}

/** Adds a member to a Party organisation in scope: an existing person, or a new one registered on the way. */
export async function createMember(ctx: RequestContext, input: CreateMemberInput): Promise<MemberDetail> {
  const today = todayInChina();
  checkPartyDates(input, today);
  return ctx.db.transaction(async (tx) => {
    const unit = await findPartyUnitInScope(tx, ctx.scope, input.unitId);
    const person = await resolvePerson(tx, ctx, input, unit);
    const [already] = await tx
      .select({ unitName: units.name })
      .from(partyMembers)
      .innerJoin(units, eq(units.id, partyMembers.unitId))
      .where(eq(partyMembers.personId, person.id));
    if (already) {
      throw new AppError('MEMBERS_ALREADY_MEMBER', { params: { name: person.name, unit: already.unitName } });
    }
    const [member] = await tx
      .insert(partyMembers)
      .values({
        bannerId: unit.bannerId,
        personId: person.id,
        unitId: unit.id,
        category: input.category,
        status: 'active',
        joinedOn: input.joinedOn,
        fullOn: input.category === 'full' ? input.fullOn || null : null,
        conversionDueOn: input.category === 'probationary' ? conversionDueDate(input.joinedOn) : null,
        education: input.education ?? null,
        post: input.post || null,
        awaySince: input.awaySince || null,
        lastContactOn: input.lastContactOn || null,
      })
      .returning();
    const actor = auditActorOf(ctx.actor);
    await recordMemberEvents(tx, actor, {
      memberId: member!.id,
      kind: 'create',
      summary: `登记为${input.category === 'full' ? '正式' : '预备'}党员`,
      after: partySnapshot(member!),
    });
    await recordAudit(tx, actor, {
      entity: 'member',
      entityId: member!.id,
      action: 'create',
      after: { personId: person.id, name: person.name, ...partySnapshot(member!) },
    });
    return getMember(ctx, member!.id, tx);
  });
}

const editableKeys = ['joinedOn', 'fullOn', 'education', 'post', 'awaySince', 'lastContactOn'] as const;

/** Edits a member's Party data (dates, education, post, away and contact dates); never category or status. */
export async function updateMember(
  ctx: RequestContext,
  id: string,
  input: UpdateMemberInput,
): Promise<MemberDetail> {
  const today = todayInChina();
  return ctx.db.transaction(async (tx) => {
    const { member } = await findMemberInScope(tx, ctx.scope, id);
    const next = {
      ...member,
      ...(input.joinedOn !== undefined && { joinedOn: input.joinedOn }),
      ...(input.fullOn !== undefined && { fullOn: input.fullOn || null }),
      ...(input.education !== undefined && { education: input.education ?? null }),
      ...(input.post !== undefined && { post: input.post || null }),
      ...(input.awaySince !== undefined && { awaySince: input.awaySince || null }),
      ...(input.lastContactOn !== undefined && { lastContactOn: input.lastContactOn || null }),
    };
    checkPartyDates(next, today);
    if (next.category === 'probationary') {
      next.conversionDueOn = conversionDueDate(next.joinedOn, next.probationExtensionMonths);
    }
    const diff = changedFields(member, next, [...editableKeys, 'conversionDueOn']);
    if (!diff) return getMember(ctx, id, tx);
    const [after] = await tx
      .update(partyMembers)
      .set({
        joinedOn: next.joinedOn,
        fullOn: next.fullOn,
        education: next.education,
        post: next.post,
        awaySince: next.awaySince,
        lastContactOn: next.lastContactOn,
        conversionDueOn: next.conversionDueOn,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(partyMembers.id, id))
      .returning();
    const actor = auditActorOf(ctx.actor);
    await recordMemberEvents(tx, actor, { memberId: id, kind: 'update', summary: '修改党员信息', ...diff });
    await recordAudit(tx, actor, { entity: 'member', entityId: id, action: 'update', ...diff });
    return getMember(ctx, after!.id, tx);
  });
}

/**
 * Active members kept by one Party organisation (not its sub-organisations), for other modules (the
 * meetings module picks attendees from it). The caller has already checked the unit is in scope.
 */
export async function listMembersOfUnit(
  db: DbOrTx,
  unitId: string,
): Promise<{ id: string; personId: string; name: string; category: MemberCategory }[]> {
  const rows = await db
    .select({
      id: partyMembers.id,
      personId: partyMembers.personId,
      name: people.name,
      category: partyMembers.category,
    })
    .from(partyMembers)
    .innerJoin(people, eq(people.id, partyMembers.personId))
    .where(and(eq(partyMembers.unitId, unitId), eq(partyMembers.status, 'active')))
    .orderBy(asc(people.namePinyin), asc(partyMembers.id));
  return rows.map((r) => ({ ...r, category: r.category as MemberCategory }));
}

/** Party organisations in scope, for the roster's organisation picker. */
export { findPartyUnitInScope };
export type { Scope };
