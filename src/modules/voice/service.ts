// Use cases of the voice (三问) module on top of the case engine: the staff list and detail with the
// kind, unit names and publication; actions (退回 goes back to the unit that routed the item);
// publishing a reply with the submitter's consent and without their identity; attachments.
import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor';
import { auditActorOf } from '../../platform/auth/service';
import { recordAudit } from '../../platform/audit/writer';
import {
  availableTransitions,
  type CaseEventRow,
  type CaseRow,
  type CaseView,
  caseJson,
  cases,
  caseTimeline,
  createCase,
  type NewCase,
  listCases,
  transition,
} from '../../platform/cases';
import type { Db, DbOrTx, Tx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { storedFiles } from '../../platform/files';
import { escapeLike, pathInScope, type Scope, unitCondition } from '../../platform/scope';
import { units } from '../orgs';
import type {
  ListPublicationsQuery,
  ListVoiceQuery,
  PublicationJson,
  PublishBody,
  VoiceActionBody,
  VoiceItemDetailJson,
  VoiceItemJson,
} from './contract';
import { voicePublications } from './schema';
import { VOICE_ITEM_TYPE, type VoiceKind, voiceItemType, voiceKindName } from './type';

const eventNames: Record<string, string> = {
  create: '群众提交',
  escalate: '超期升级',
  linkRepeat: '关联重复件',
};

/** The Chinese name of an event's action. */
export function voiceActionName(action: string): string {
  return voiceItemType.transitions.find((t) => t.action === action)?.name ?? eventNames[action] ?? action;
}

async function unitNames(db: DbOrTx, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(inArray(units.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function publishedIds(db: DbOrTx, caseIds: string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db
    .select({ caseId: voicePublications.caseId })
    .from(voicePublications)
    .where(and(inArray(voicePublications.caseId, caseIds), isNull(voicePublications.withdrawnAt)));
  return new Set(rows.map((r) => r.caseId));
}

function itemJson(view: CaseView, unitName: string, published: boolean): VoiceItemJson {
  return {
    ...caseJson(view),
    kind: String(view.details.kind ?? ''),
    kindName: voiceKindName(view.details.kind),
    unitName,
    consentToPublish: view.details.consentToPublish === true,
    published,
  };
}

/** One page of 三问 items the actor may see (their voice.read subtrees), newest first. */
export async function listVoiceItems(
  db: Db,
  actor: Actor,
  query: ListVoiceQuery,
): Promise<{ items: VoiceItemJson[]; total: number }> {
  const page = await listCases(db, actor, voiceItemType, {
    ...query,
    where: (values) => (query.kind ? eq(cases.category, values.of(query.kind)) : undefined),
  });
  const names = await unitNames(
    db,
    page.items.map((i) => i.unitId),
  );
  const published = await publishedIds(
    db,
    page.items.map((i) => i.id),
  );
  return {
    total: page.total,
    items: page.items.map((i) => itemJson(i, names.get(i.unitId) ?? '', published.has(i.id))),
  };
}

/** The unit that last routed the item to its current unit (who gets it back on 退回). */
function routingUnitOf(item: CaseRow | CaseView, events: CaseEventRow[]): string | null {
  const routed = [...events].reverse().find((e) => e.action === 'route' || e.action === 'reroute');
  if (!routed) return null;
  const from = routed.payload.fromUnitId;
  return typeof from === 'string' ? from : item.unitId;
}

function publicationJson(row: typeof voicePublications.$inferSelect, unitName: string): PublicationJson {
  return {
    id: row.id,
    caseId: row.caseId,
    kind: row.kind,
    kindName: voiceKindName(row.kind),
    title: row.title,
    question: row.question,
    reply: row.reply,
    unitName,
    publishedAt: row.publishedAt.toISOString(),
    withdrawn: row.withdrawnAt !== null,
  };
}

async function publicationOf(db: DbOrTx, caseId: string) {
  const [row] = await db.select().from(voicePublications).where(eq(voicePublications.caseId, caseId));
  return row ?? null;
}

/** A 三问 item with its timeline and what the actor may do now; 404 outside the actor's scope. */
export async function getVoiceItem(db: Db, actor: Actor, id: string): Promise<VoiceItemDetailJson> {
  const { case: item, events } = await caseTimeline(db, actor, id);
  if (item.type !== VOICE_ITEM_TYPE) throw new AppError('CASE_NOT_FOUND');
  const [unit] = await db.select({ path: units.path }).from(units).where(eq(units.id, item.unitId));
  const path = unit?.path ?? '';
  const routedFrom = routingUnitOf(item, events);
  const publication = await publicationOf(db, item.id);
  const names = await unitNames(db, [
    item.unitId,
    ...events.map((e) => e.unitId),
    ...(routedFrom ? [routedFrom] : []),
    ...(publication ? [publication.unitId] : []),
  ]);
  const published = publication !== null && publication.withdrawnAt === null;
  return {
    item: itemJson(item, names.get(item.unitId) ?? '', published),
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      actionName: voiceActionName(e.action),
      fromState: e.fromState,
      toState: e.toState,
      unitId: e.unitId,
      unitName: names.get(e.unitId) ?? '',
      actorName: e.actorName,
      at: e.at.toISOString(),
      note: e.note,
      attachmentIds: e.attachmentIds,
      payload: e.payload,
    })),
    actions: availableTransitions(voiceItemType, item.state)
      .filter((t) => t.permission !== 'resident' && pathInScope(actor.scopeFor(t.permission), path))
      .map((t) => ({ action: t.action, name: t.name, requires: [...(t.requires ?? [])] })),
    canPublish:
      item.details.consentToPublish === true &&
      (item.state === 'replied' || item.state === 'closed') &&
      pathInScope(actor.scopeFor('voice.publish'), path),
    publication: publication ? publicationJson(publication, names.get(publication.unitId) ?? '') : null,
    routedFromUnitName: routedFrom ? (names.get(routedFrom) ?? null) : null,
  };
}

/**
 * Makes one transition on a 三问 item. 退回 (return) always goes back to the unit that routed the item,
 * whatever unit the request names, so a handler cannot hand an item to an arbitrary unit.
 */
export async function actOnVoiceItem(db: Db, actor: Actor, id: string, body: VoiceActionBody): Promise<void> {
  const { case: item, events } = await caseTimeline(db, actor, id);
  if (item.type !== VOICE_ITEM_TYPE) throw new AppError('CASE_NOT_FOUND');
  let unitId = body.unitId ?? null;
  if (body.action === 'return') {
    unitId = routingUnitOf(item, events);
    if (!unitId) throw new AppError('VOICE_NO_ROUTING_UNIT');
  }
  await transition(db, actor, { caseId: id, ...body, unitId });
}

/** What a resident submits as a 三问 item (the portal has checked captcha and limits). */
export interface NewVoiceItem {
  kind: VoiceKind;
  /** The unit that receives and routes it (the banner). */
  unitId: string;
  title: string;
  content: string;
  consentToPublish: boolean;
  submitter: NonNullable<NewCase['submitter']>;
  position?: { lat: number; lng: number } | null;
  /** The 苏木镇 / 嘎查 the resident says it concerns. */
  area?: { unitId: string; name: string } | null;
  attachmentIds?: string[];
}

/** Receives a resident's 三问 item into the banner's 待分办 list. */
export async function createVoiceItem(
  db: Db,
  input: NewVoiceItem,
  options: { now?: Date; onCreated?: (tx: Tx, row: CaseRow) => Promise<void> } = {},
): Promise<CaseRow> {
  return createCase(
    db,
    null,
    {
      type: VOICE_ITEM_TYPE,
      unitId: input.unitId,
      title: input.title,
      description: input.content,
      category: input.kind,
      position: input.position ?? null,
      submitter: input.submitter,
      details: {
        kind: input.kind,
        consentToPublish: input.consentToPublish,
        source: 'portal',
        ...(input.area && { areaUnitId: input.area.unitId, areaName: input.area.name }),
      },
      attachmentIds: input.attachmentIds ?? [],
    },
    options,
  );
}

/** The reply text of an item: the note of its latest 答复. */
function latestReply(events: CaseEventRow[]): string {
  return [...events].reverse().find((e) => e.action === 'reply')?.note ?? '';
}

/**
 * Publishes the reply of a replied (or closed) item, only when the submitter consented; the published
 * version carries the matter and the reply (staff may edit both, e.g. to remove names), never who
 * submitted it. Publishing again replaces the published text.
 */
export async function publishReply(
  db: Db,
  actor: Actor,
  id: string,
  body: PublishBody,
  now: Date = new Date(),
): Promise<void> {
  const { case: item, events } = await caseTimeline(db, actor, id);
  if (item.type !== VOICE_ITEM_TYPE) throw new AppError('CASE_NOT_FOUND');
  const [unit] = await db.select({ path: units.path }).from(units).where(eq(units.id, item.unitId));
  if (!unit || !pathInScope(actor.scopeFor('voice.publish'), unit.path)) throw new AppError('FORBIDDEN');
  if (item.details.consentToPublish !== true) throw new AppError('VOICE_NO_CONSENT');
  if (item.state !== 'replied' && item.state !== 'closed')
    throw new AppError('VOICE_NOT_REPLIED', { params: { state: item.stateName } });
  const values = {
    kind: String(item.details.kind ?? item.category ?? ''),
    title: body.title ?? item.title,
    question: body.question ?? item.description,
    reply: body.reply ?? latestReply(events),
    unitId: item.unitId,
    publishedAt: now,
    publishedBy: actor.userId,
    withdrawnAt: null,
    withdrawnBy: null,
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(voicePublications)
      .values({ caseId: item.id, ...values })
      .onConflictDoUpdate({ target: voicePublications.caseId, set: values });
    await recordAudit(tx, auditActorOf(actor), {
      entity: 'voice_publication',
      entityId: item.id,
      action: 'publish',
      after: { title: values.title, question: values.question, reply: values.reply },
    });
  });
}

/** Withdraws a published reply (the row stays, marked withdrawn). */
export async function withdrawPublication(db: Db, actor: Actor, id: string, now: Date = new Date()) {
  const { case: item } = await caseTimeline(db, actor, id);
  const [unit] = await db.select({ path: units.path }).from(units).where(eq(units.id, item.unitId));
  if (!unit || !pathInScope(actor.scopeFor('voice.publish'), unit.path)) throw new AppError('FORBIDDEN');
  await db.transaction(async (tx) => {
    const withdrawn = await tx
      .update(voicePublications)
      .set({ withdrawnAt: now, withdrawnBy: actor.userId })
      .where(and(eq(voicePublications.caseId, item.id), isNull(voicePublications.withdrawnAt)))
      .returning({ id: voicePublications.id });
    if (withdrawn.length === 0) throw new AppError('VOICE_NOT_PUBLISHED');
    await recordAudit(tx, auditActorOf(actor), {
      entity: 'voice_publication',
      entityId: item.id,
      action: 'withdraw',
    });
  });
}

/**
 * Published replies, newest first: for the public portal (scope null: every banner) or for staff
 * (their voice.read scope, withdrawn ones included).
 */
export async function listPublications(
  db: DbOrTx,
  scope: Scope | null,
  query: ListPublicationsQuery,
): Promise<{ items: PublicationJson[]; total: number }> {
  const conditions: Array<SQL | undefined> = [
    scope ? unitCondition(scope, voicePublications.unitId) : isNull(voicePublications.withdrawnAt),
    query.kind ? eq(voicePublications.kind, query.kind) : undefined,
    query.q
      ? sql`(${voicePublications.title} ilike ${`%${escapeLike(query.q)}%`} or ${voicePublications.question} ilike ${`%${escapeLike(query.q)}%`})`
      : undefined,
  ];
  const where = and(...conditions);
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(voicePublications)
    .where(where);
  const rows = await db
    .select({ row: voicePublications, unitName: units.name })
    .from(voicePublications)
    .innerJoin(units, eq(units.id, voicePublications.unitId))
    .where(where)
    .orderBy(desc(voicePublications.publishedAt), asc(voicePublications.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { total: Number(total), items: rows.map((r) => publicationJson(r.row, r.unitName)) };
}

/** An attachment of a 三问 item (the resident's photos or a reply's files) the actor may see. */
export async function readItemFile(
  db: Db,
  actor: Actor,
  id: string,
  fileId: string,
): Promise<{ name: string; mime: string; content: Buffer }> {
  const { case: item, events } = await caseTimeline(db, actor, id);
  const attached = new Set([...item.attachmentIds, ...events.flatMap((e) => e.attachmentIds)]);
  if (item.type !== VOICE_ITEM_TYPE || !attached.has(fileId)) throw new AppError('FILE_NOT_FOUND');
  const [file] = await db
    .select({ name: storedFiles.name, mime: storedFiles.mime, content: storedFiles.content })
    .from(storedFiles)
    .where(eq(storedFiles.id, fileId));
  if (!file) throw new AppError('FILE_NOT_FOUND');
  return file;
}
