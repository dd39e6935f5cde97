import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import type { DbOrTx, Tx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http/context';
import { escapeLike, pathCondition, type Scope, scopeOf } from '../../platform/scope';
import { todayInChina } from '../../platform/time';
import { findUnitInScope, pathNamesOf, unitTypeName, units } from '../orgs';
import { people } from '../people';
import { unitComposition } from './composition';
import type {
  CompositionView,
  CreateElectionInput,
  ElectionDetail,
  ElectionListItem,
  ListElectionsQuery,
  PostInput,
  PostListItem,
  PostsQuery,
  PostView,
  TermItem,
  TermsQuery,
  UpdateElectionInput,
} from './contract';
import { currentRound, loadUnitFacts } from './facts';
import type { UnitFact } from './metrics';
import { committeePosts, elections } from './schema';
import { electionSettings } from './settings';
import { ageOn, daysBetween, termEndDate, termStatus } from './term';
import { type Committee, committeeNames, type Post, postName, postsOf, singlePosts } from './vocabulary';

type ElectionRow = typeof elections.$inferSelect;
type UnitRow = typeof units.$inferSelect;

/** The scope narrowed to one unit's subtree when a unit filter is given (404 outside the scope). */
export async function narrowScope(db: DbOrTx, scope: Scope, unitId: string | undefined): Promise<Scope> {
  if (!unitId) return scope;
  return scopeOf([(await findUnitInScope(db, scope, unitId)).path]);
}

/** A 嘎查/社区 in scope that may hold an election. */
async function findElectionUnit(db: DbOrTx, scope: Scope, unitId: string): Promise<UnitRow> {
  const unit = await findUnitInScope(db, scope, unitId).catch(() => {
    throw new AppError('ELECTIONS_UNIT_NOT_FOUND');
  });
  if (unit.type !== 'gacha' && unit.type !== 'community') {
    throw new AppError('ELECTIONS_UNIT_TYPE', { params: { name: unit.name, type: unitTypeName(unit.type) } });
  }
  return unit;
}

/** One election whose unit is in scope, or 404. */
async function findElection(db: DbOrTx, scope: Scope, id: string): Promise<ElectionRow> {
  const [row] = await db
    .select({ election: elections })
    .from(elections)
    .innerJoin(units, eq(units.id, elections.unitId))
    .where(and(eq(elections.id, id), pathCondition(scope, units.path)));
  if (!row) throw new AppError('NOT_FOUND');
  return row.election;
}

function checkDates(input: { roundYear: number; electionDate: string }, today: string): void {
  if (input.electionDate > today)
    throw new AppError('ELECTIONS_DATE_IN_FUTURE', { params: { date: input.electionDate } });
  if (Math.abs(Number(input.electionDate.slice(0, 4)) - input.roundYear) > 1) {
    throw new AppError('ELECTIONS_ROUND_MISMATCH', {
      params: { round: input.roundYear, date: input.electionDate },
    });
  }
}

async function assertRoundFree(db: DbOrTx, unit: UnitRow, roundYear: number, exceptId?: string) {
  const [clash] = await db
    .select({ id: elections.id })
    .from(elections)
    .where(
      and(
        eq(elections.unitId, unit.id),
        eq(elections.roundYear, roundYear),
        isNull(elections.voidedAt),
        exceptId ? sql`${elections.id} <> ${exceptId}` : undefined,
      ),
    );
  if (clash)
    throw new AppError('ELECTIONS_DUPLICATE_ROUND', { params: { name: unit.name, round: roundYear } });
}

/**
 * Checks a committee list: each post belongs to its committee, single posts (书记, 主任, 负责人) held by
 * one person, nobody twice in one committee, and every person known (in scope or already on the record).
 */
async function checkPosts(
  db: DbOrTx,
  scope: Scope,
  list: readonly PostInput[],
  alreadyOnRecord: ReadonlySet<string> = new Set(),
): Promise<void> {
  const seen = new Map<string, string>();
  const single = new Set<string>();
  for (const p of list) {
    if (!postsOf[p.committee].includes(p.post)) {
      throw new AppError('ELECTIONS_POST_MISMATCH', {
        params: { committee: committeeNames[p.committee], post: postLabel(p.post) },
      });
    }
    if (singlePosts.includes(p.post)) {
      const key = `${p.committee}:${p.post}`;
      if (single.has(key)) {
        throw new AppError('ELECTIONS_POST_TAKEN', {
          params: { committee: committeeNames[p.committee], post: postName(p.committee, p.post) },
        });
      }
      single.add(key);
    }
    const key = `${p.committee}:${p.personId}`;
    if (seen.has(key)) seen.set(key, 'twice');
    else seen.set(key, 'once');
  }
  const ids = [...new Set(list.map((p) => p.personId))];
  if (ids.length === 0) return;
  const visible = await db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(inArray(people.id, ids));
  const names = new Map(visible.map((p) => [p.id, p.name]));
  const inScope = new Set(
    (
      await db
        .select({ id: people.id })
        .from(people)
        .where(
          and(
            inArray(people.id, ids),
            sql`${people.unitId} in (select u.id from units u where ${pathCondition(scope, sql`u.path`)})`,
          ),
        )
    ).map((p) => p.id),
  );
  for (const id of ids) {
    if (!inScope.has(id) && !alreadyOnRecord.has(id)) throw new AppError('ELECTIONS_PERSON_NOT_FOUND');
  }
  for (const [key, times] of seen) {
    if (times !== 'twice') continue;
    const [committee, personId] = key.split(':') as [Committee, string];
    throw new AppError('ELECTIONS_PERSON_TWICE', {
      params: { name: names.get(personId) ?? '', committee: committeeNames[committee] },
    });
  }
}

function postLabel(post: Post): string {
  return (
    {
      secretary: '书记',
      deputySecretary: '副书记',
      director: '主任',
      deputyDirector: '副主任',
      member: '委员',
      head: '负责人',
    } as const
  )[post];
}

async function writePosts(tx: Tx, electionId: string, list: readonly PostInput[]): Promise<void> {
  await tx.delete(committeePosts).where(eq(committeePosts.electionId, electionId));
  if (list.length === 0) return;
  await tx.insert(committeePosts).values(
    list.map((p, index) => ({
      electionId,
      personId: p.personId,
      committee: p.committee,
      post: p.post,
      education: p.education || null,
      sortOrder: index,
    })),
  );
}

async function postsOfElections(db: DbOrTx, electionIds: string[]) {
  if (electionIds.length === 0) return [];
  return db
    .select({
      id: committeePosts.id,
      electionId: committeePosts.electionId,
      personId: committeePosts.personId,
      committee: committeePosts.committee,
      post: committeePosts.post,
      education: committeePosts.education,
      sortOrder: committeePosts.sortOrder,
      name: people.name,
      gender: people.gender,
      birthDate: people.birthDate,
      ethnicity: people.ethnicity,
      idNumberMasked: people.idNumberMasked,
    })
    .from(committeePosts)
    .innerJoin(people, eq(people.id, committeePosts.personId))
    .where(inArray(committeePosts.electionId, electionIds))
    .orderBy(asc(committeePosts.sortOrder));
}

type PostRow = Awaited<ReturnType<typeof postsOfElections>>[number];

const committeeOrder: Record<string, number> = { party: 0, villagers: 1, collective: 2 };
const postOrder: Record<string, number> = {
  secretary: 0,
  director: 0,
  head: 0,
  deputySecretary: 1,
  deputyDirector: 1,
  member: 2,
};

function postViewOf(p: PostRow, today: string): PostView {
  const committee = p.committee as Committee;
  const post = p.post as Post;
  return {
    id: p.id,
    personId: p.personId,
    name: p.name,
    gender: p.gender,
    birthDate: p.birthDate,
    age: ageOn(p.birthDate, today),
    ethnicity: p.ethnicity,
    idNumberMasked: p.idNumberMasked,
    committee,
    post,
    postName: postName(committee, post),
    education: p.education,
  };
}

function compositionViewOf(list: readonly PostRow[], today: string): CompositionView {
  const c = unitComposition(
    list.map((p) => ({
      personId: p.personId,
      committee: p.committee as Committee,
      post: p.post as Post,
      gender: p.gender,
      birthDate: p.birthDate,
      education: p.education,
    })),
  );
  const aged = c.members.filter((m) => m.birthDate);
  return {
    partyCount: c.partyCount,
    villagersCount: c.villagersCount,
    bothCount: c.bothCount,
    memberCount: c.memberCount,
    dualRole: c.dualRole,
    tripleRole: c.tripleRole,
    secretaryVacant: c.secretaryVacant,
    directorVacant: c.directorVacant,
    crossRate: c.crossRate === null ? null : Math.round(c.crossRate * 1000) / 10,
    womenCount: c.members.filter((m) => m.gender === 'female').length,
    averageAge:
      aged.length > 0
        ? Math.round((aged.reduce((sum, m) => sum + ageOn(m.birthDate!, today), 0) / aged.length) * 10) / 10
        : null,
  };
}

/** Election rows with their unit, path names, in-office flag and computed composition, for lists and detail. */
async function viewsOf(
  db: DbOrTx,
  rows: Array<{ election: ElectionRow; unit: Pick<UnitRow, 'name' | 'type' | 'path'>; inOffice: boolean }>,
  warningMonths: number,
): Promise<{ items: ElectionListItem[]; posts: Map<string, PostRow[]> }> {
  const today = todayInChina();
  const postRows = await postsOfElections(
    db,
    rows.map((r) => r.election.id),
  );
  const byElection = new Map<string, PostRow[]>();
  for (const p of postRows) byElection.set(p.electionId, [...(byElection.get(p.electionId) ?? []), p]);
  const names = await pathNamesOf(
    db,
    rows.map((r) => r.unit.path),
  );
  const items = rows.map(({ election: e, unit, inOffice }) => ({
    id: e.id,
    unitId: e.unitId,
    unitName: unit.name,
    unitType: unit.type,
    pathNames: names.get(unit.path) ?? unit.name,
    roundYear: e.roundYear,
    session: e.session,
    electionDate: e.electionDate,
    method: e.method,
    termYears: e.termYears,
    termEnd: e.termEnd,
    termStatus: termStatus(e.termEnd, today, warningMonths),
    inOffice,
    voided: e.voidedAt !== null,
    composition: compositionViewOf(byElection.get(e.id) ?? [], today),
  }));
  return { items, posts: byElection };
}

const inOfficeSql = sql<boolean>`(${elections.voidedAt} is null and not exists (
  select 1 from elections later where later.unit_id = ${elections.unitId} and later.voided_at is null
    and (later.election_date > ${elections.electionDate}
      or (later.election_date = ${elections.electionDate} and later.created_at > ${elections.createdAt}))))`;

/** One election with its committees and computed composition. */
export async function getElection(ctx: RequestContext, id: string): Promise<ElectionDetail> {
  return detailOf(ctx.db, ctx.scope, id);
}

async function detailOf(db: DbOrTx, scope: Scope, id: string): Promise<ElectionDetail> {
  const [row] = await db
    .select({
      election: elections,
      unit: { name: units.name, type: units.type, path: units.path },
      inOffice: inOfficeSql,
    })
    .from(elections)
    .innerJoin(units, eq(units.id, elections.unitId))
    .where(and(eq(elections.id, id), pathCondition(scope, units.path)));
  if (!row) throw new AppError('NOT_FOUND');
  const { warningMonths } = await electionSettings(db);
  const { items, posts } = await viewsOf(db, [row], warningMonths);
  const today = todayInChina();
  const e = row.election;
  const postList = (posts.get(e.id) ?? [])
    .map((p) => postViewOf(p, today))
    .sort(
      (a, b) =>
        committeeOrder[a.committee]! - committeeOrder[b.committee]! ||
        postOrder[a.post]! - postOrder[b.post]!,
    );
  return {
    ...items[0]!,
    votesDue: e.votesDue,
    votesCast: e.votesCast,
    votesValid: e.votesValid,
    note: e.note,
    voidReason: e.voidReason,
    posts: postList,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

/** The filter of the election list, shared by the page and the export. */
async function electionFilter(ctx: RequestContext, query: Omit<ListElectionsQuery, 'page' | 'pageSize'>) {
  const scope = await narrowScope(ctx.db, ctx.scope, query.unitId);
  const conditions: SQL[] = [pathCondition(scope, units.path)];
  if (query.includeVoided !== 'true') conditions.push(isNull(elections.voidedAt));
  if (query.unitType) conditions.push(eq(units.type, query.unitType));
  if (query.roundYear) conditions.push(eq(elections.roundYear, query.roundYear));
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    conditions.push(sql`(lower(${units.name}) like ${like} or ${units.pinyin} like ${like})`);
  }
  if (query.termStatus) {
    const { warningMonths } = await electionSettings(ctx.db);
    const today = todayInChina();
    const warnFrom = sql`(${elections.termEnd} - make_interval(months => ${warningMonths}::int))::date`;
    if (query.termStatus === 'expired') conditions.push(sql`${elections.termEnd} <= ${today}::date`);
    else if (query.termStatus === 'expiring')
      conditions.push(
        sql`${elections.termEnd} > ${today}::date and ${warnFrom} <= ${today}::date and ${warningMonths} > 0`,
      );
    else
      conditions.push(
        sql`${elections.termEnd} > ${today}::date and (${warningMonths} = 0 or ${warnFrom} > ${today}::date)`,
      );
  }
  if (query.dualRole) {
    const dual = sql`exists (select 1 from committee_posts a join committee_posts b
      on b.election_id = a.election_id and b.person_id = a.person_id
      where a.election_id = ${elections.id} and a.committee = 'party' and a.post = 'secretary'
        and b.committee = 'villagers' and b.post = 'director')`;
    conditions.push(query.dualRole === 'true' ? dual : sql`not ${dual}`);
  }
  return and(...conditions);
}

/** Elections in scope, newest first, with their computed composition. */
export async function listElections(ctx: RequestContext, query: ListElectionsQuery) {
  const where = await electionFilter(ctx, query);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(elections)
    .innerJoin(units, eq(units.id, elections.unitId))
    .where(where);
  const rows = await ctx.db
    .select({
      election: elections,
      unit: { name: units.name, type: units.type, path: units.path },
      inOffice: inOfficeSql,
    })
    .from(elections)
    .innerJoin(units, eq(units.id, elections.unitId))
    .where(where)
    .orderBy(desc(elections.roundYear), asc(units.path), desc(elections.electionDate))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const { warningMonths } = await electionSettings(ctx.db);
  const { items } = await viewsOf(ctx.db, rows, warningMonths);
  return { items, total: Number(total), page: query.page, pageSize: query.pageSize };
}

/** Every election matching the list filters, for the Excel export. */
export async function electionsForExport(
  ctx: RequestContext,
  query: Omit<ListElectionsQuery, 'page' | 'pageSize'>,
): Promise<ElectionListItem[]> {
  const where = await electionFilter(ctx, query);
  const rows = await ctx.db
    .select({
      election: elections,
      unit: { name: units.name, type: units.type, path: units.path },
      inOffice: inOfficeSql,
    })
    .from(elections)
    .innerJoin(units, eq(units.id, elections.unitId))
    .where(where)
    .orderBy(desc(elections.roundYear), asc(units.path));
  const { warningMonths } = await electionSettings(ctx.db);
  const result: ElectionListItem[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    result.push(...(await viewsOf(ctx.db, rows.slice(i, i + 500), warningMonths)).items);
  }
  return result;
}

/** Records an election of a 嘎查/社区 in scope, optionally with its committees. */
export async function createElection(
  ctx: RequestContext,
  input: CreateElectionInput,
): Promise<ElectionDetail> {
  checkDates(input, todayInChina());
  return ctx.db.transaction(async (tx) => {
    const unit = await findElectionUnit(tx, ctx.scope, input.unitId);
    if (!unit.active) throw new AppError('ELECTIONS_UNIT_INACTIVE', { params: { name: unit.name } });
    await assertRoundFree(tx, unit, input.roundYear);
    const termYears = input.termYears ?? (await electionSettings(tx)).termYears;
    if (input.posts) await checkPosts(tx, ctx.scope, input.posts);
    const [row] = await tx
      .insert(elections)
      .values({
        bannerId: unit.bannerId,
        unitId: unit.id,
        roundYear: input.roundYear,
        session: input.session || null,
        electionDate: input.electionDate,
        method: input.method || null,
        votesDue: input.votesDue ?? null,
        votesCast: input.votesCast ?? null,
        votesValid: input.votesValid ?? null,
        termYears,
        termEnd: termEndDate(input.electionDate, termYears),
        note: input.note || null,
      })
      .returning();
    if (input.posts) await writePosts(tx, row!.id, input.posts);
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'election',
      entityId: row!.id,
      action: 'create',
      after: { ...row, posts: input.posts ?? [] },
    });
    return detailOf(tx, ctx.scope, row!.id);
  });
}

/** Edits an election's date, round, method, votes, term or note; the term end follows. */
export async function updateElection(
  ctx: RequestContext,
  id: string,
  input: UpdateElectionInput,
): Promise<ElectionDetail> {
  return ctx.db.transaction(async (tx) => {
    const before = await findElection(tx, ctx.scope, id);
    if (before.voidedAt) throw new AppError('ELECTIONS_VOIDED');
    const merged = {
      roundYear: input.roundYear ?? before.roundYear,
      electionDate: input.electionDate ?? before.electionDate,
      termYears: input.termYears ?? before.termYears,
      votesDue: input.votesDue === undefined ? before.votesDue : input.votesDue,
      votesCast: input.votesCast === undefined ? before.votesCast : input.votesCast,
      votesValid: input.votesValid === undefined ? before.votesValid : input.votesValid,
    };
    checkDates(merged, todayInChina());
    if (merged.votesCast != null && merged.votesDue != null && merged.votesCast > merged.votesDue) {
      throw new AppError('VALIDATION_FAILED', {
        params: { summary: '实参选人数：不能多于应参选人数' },
        details: [{ path: 'votesCast', message: '实参选人数：不能多于应参选人数' }],
      });
    }
    if (merged.votesValid != null && merged.votesCast != null && merged.votesValid > merged.votesCast) {
      throw new AppError('VALIDATION_FAILED', {
        params: { summary: '有效票数：不能多于实参选人数' },
        details: [{ path: 'votesValid', message: '有效票数：不能多于实参选人数' }],
      });
    }
    if (merged.roundYear !== before.roundYear) {
      const [unit] = await tx.select().from(units).where(eq(units.id, before.unitId));
      await assertRoundFree(tx, unit!, merged.roundYear, id);
    }
    const [after] = await tx
      .update(elections)
      .set({
        ...merged,
        ...(input.session !== undefined && { session: input.session || null }),
        ...(input.method !== undefined && { method: input.method || null }),
        ...(input.note !== undefined && { note: input.note || null }),
        termEnd: termEndDate(merged.electionDate, merged.termYears),
        updatedAt: new Date().toISOString(),
      })
      .where(eq(elections.id, id))
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'election',
      entityId: id,
      action: 'update',
      before,
      after,
    });
    return detailOf(tx, ctx.scope, id);
  });
}

/** Replaces the committees elected in one election (the whole list, as the form shows it). */
export async function replacePosts(
  ctx: RequestContext,
  id: string,
  list: readonly PostInput[],
): Promise<ElectionDetail> {
  return ctx.db.transaction(async (tx) => {
    const election = await findElection(tx, ctx.scope, id);
    if (election.voidedAt) throw new AppError('ELECTIONS_VOIDED');
    const before = await tx
      .select({
        personId: committeePosts.personId,
        committee: committeePosts.committee,
        post: committeePosts.post,
        education: committeePosts.education,
      })
      .from(committeePosts)
      .where(eq(committeePosts.electionId, id))
      .orderBy(asc(committeePosts.sortOrder));
    await checkPosts(tx, ctx.scope, list, new Set(before.map((p) => p.personId)));
    await writePosts(tx, id, list);
    await tx.update(elections).set({ updatedAt: new Date().toISOString() }).where(eq(elections.id, id));
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'election',
      entityId: id,
      action: 'posts',
      before: { posts: before },
      after: { posts: list },
    });
    return detailOf(tx, ctx.scope, id);
  });
}

/** Voids an election recorded by mistake, with a reason; it stops counting but stays on record. */
export async function voidElection(ctx: RequestContext, id: string, reason: string): Promise<ElectionDetail> {
  return ctx.db.transaction(async (tx) => {
    const election = await findElection(tx, ctx.scope, id);
    if (election.voidedAt) throw new AppError('ELECTIONS_VOIDED');
    await tx
      .update(elections)
      .set({
        voidedAt: new Date().toISOString(),
        voidedBy: ctx.actor.userId,
        voidReason: reason,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(elections.id, id));
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'election',
      entityId: id,
      action: 'void',
      before: { voided: false },
      after: { voided: true, reason },
    });
    return detailOf(tx, ctx.scope, id);
  });
}

/** Where each unit's term stands today: in office, expiring within the warning window, expired, or no record. */
export function termItemsOf(facts: readonly UnitFact[], today: string, warningMonths: number): TermItem[] {
  return facts.map((f) => ({
    unitId: f.unitId,
    unitName: f.unitName,
    unitType: f.unitType,
    townshipName: f.townshipName,
    electionId: f.electionId,
    electionDate: f.electionDate,
    termEnd: f.termEnd,
    status: f.termEnd ? termStatus(f.termEnd, today, warningMonths) : 'missing',
    daysLeft: f.termEnd ? daysBetween(today, f.termEnd) : null,
  }));
}

const statusOrder = { expired: 0, expiring: 1, missing: 2, current: 3 } as const;

/** Sorts terms by urgency: expired first (longest overdue first), then expiring, missing, current. */
export function byUrgency(a: TermItem, b: TermItem): number {
  return (
    statusOrder[a.status] - statusOrder[b.status] ||
    (a.termEnd ?? '').localeCompare(b.termEnd ?? '') ||
    a.unitName.localeCompare(b.unitName, 'zh')
  );
}

/** The term list: every 嘎查/社区 in scope with its term status, most urgent first, with counts. */
export async function listTerms(ctx: RequestContext, query: TermsQuery) {
  const scope = await narrowScope(ctx.db, ctx.scope, query.unitId);
  const today = todayInChina();
  const { warningMonths } = await electionSettings(ctx.db);
  const facts = await loadUnitFacts(ctx.db, scope, { asOf: today, round: await currentRound(ctx.db) });
  let items = termItemsOf(facts, today, warningMonths);
  if (query.unitType) items = items.filter((i) => i.unitType === query.unitType);
  if (query.q) {
    const q = query.q.toLowerCase();
    const pinyin = new Map(facts.map((f) => [f.unitId, f.pinyin]));
    items = items.filter((i) => i.unitName.includes(query.q!) || (pinyin.get(i.unitId) ?? '').includes(q));
  }
  const counts = { current: 0, expiring: 0, expired: 0, missing: 0 };
  for (const item of items) counts[item.status] += 1;
  if (query.status) items = items.filter((i) => i.status === query.status);
  items.sort(byUrgency);
  const start = (query.page - 1) * query.pageSize;
  return {
    items: items.slice(start, start + query.pageSize),
    total: items.length,
    page: query.page,
    pageSize: query.pageSize,
    counts,
  };
}

/** The filter of the post-holder list, shared by the page and the export. */
async function postFilter(ctx: RequestContext, query: Omit<PostsQuery, 'page' | 'pageSize'>) {
  const scope = await narrowScope(ctx.db, ctx.scope, query.unitId);
  const conditions: SQL[] = [pathCondition(scope, units.path), isNull(elections.voidedAt)];
  if (query.roundYear) conditions.push(eq(elections.roundYear, query.roundYear));
  if (query.committee) conditions.push(eq(committeePosts.committee, query.committee));
  if (query.post) conditions.push(eq(committeePosts.post, query.post));
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    conditions.push(sql`(${people.name} like ${like} or ${people.namePinyin} like ${like})`);
  }
  return and(...conditions);
}

const postListColumns = {
  id: committeePosts.id,
  electionId: committeePosts.electionId,
  personId: committeePosts.personId,
  committee: committeePosts.committee,
  post: committeePosts.post,
  education: committeePosts.education,
  sortOrder: committeePosts.sortOrder,
  name: people.name,
  gender: people.gender,
  birthDate: people.birthDate,
  ethnicity: people.ethnicity,
  idNumberMasked: people.idNumberMasked,
  unitId: units.id,
  unitName: units.name,
  unitPath: units.path,
  roundYear: elections.roundYear,
  electionDate: elections.electionDate,
};

async function postListRows(
  ctx: RequestContext,
  where: SQL | undefined,
  page?: { limit: number; offset: number },
) {
  const base = ctx.db
    .select(postListColumns)
    .from(committeePosts)
    .innerJoin(elections, eq(elections.id, committeePosts.electionId))
    .innerJoin(units, eq(units.id, elections.unitId))
    .innerJoin(people, eq(people.id, committeePosts.personId))
    .where(where)
    .orderBy(
      desc(elections.roundYear),
      asc(units.path),
      sql`case ${committeePosts.committee} when 'party' then 0 when 'villagers' then 1 else 2 end`,
      asc(committeePosts.sortOrder),
    );
  const rows = page ? await base.limit(page.limit).offset(page.offset) : await base;
  const names = await pathNamesOf(
    ctx.db,
    rows.map((r) => r.unitPath),
  );
  const today = todayInChina();
  return rows.map(
    (r): PostListItem => ({
      ...postViewOf(r, today),
      electionId: r.electionId,
      unitId: r.unitId,
      unitName: r.unitName,
      pathNames: names.get(r.unitPath) ?? r.unitName,
      roundYear: r.roundYear,
      electionDate: r.electionDate,
    }),
  );
}

/** Post holders in scope with filters (round, committee, post, name), paginated. */
export async function listPosts(ctx: RequestContext, query: PostsQuery) {
  const where = await postFilter(ctx, query);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(committeePosts)
    .innerJoin(elections, eq(elections.id, committeePosts.electionId))
    .innerJoin(units, eq(units.id, elections.unitId))
    .innerJoin(people, eq(people.id, committeePosts.personId))
    .where(where);
  const items = await postListRows(ctx, where, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items, total: Number(total), page: query.page, pageSize: query.pageSize };
}

/** Every post holder matching the filters, for the Excel export (ID numbers masked; the export is audited). */
export async function postsForExport(ctx: RequestContext, query: Omit<PostsQuery, 'page' | 'pageSize'>) {
  const rows = await postListRows(ctx, await postFilter(ctx, query));
  await recordAudit(ctx.db, auditActorOf(ctx.actor), {
    entity: 'committeePost',
    action: 'export',
    after: { count: rows.length, filters: query },
  });
  return rows;
}
