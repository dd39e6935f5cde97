// Use cases of the resident portal: photo uploads, 三问 and event submissions (after the captcha and
// within the abuse limits), tracking by code plus the phone's last four digits, rating, and the public
// lists (areas, service centres). Residents act as actor null; every write is audited as 群众.
import { createHash } from 'node:crypto';
import { and, asc, eq, gte, ilike, inArray, isNull, or } from 'drizzle-orm';
import type { AuditActor } from '../../platform/audit/writer';
import { recordAudit } from '../../platform/audit/writer';
import { type CaseRow, caseEvents, findCaseByCode, findCaseType, transition } from '../../platform/cases';
import { constantTimeEqual, type FieldCipher } from '../../platform/crypto';
import type { Db, DbOrTx, Tx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { storedFiles } from '../../platform/files';
import { sniffMime } from '../../platform/files/sniff';
import { escapeLike } from '../../platform/scope';
import { serviceCenters } from '../../platform/db/tables';
import { createEvent, findGridAt } from '../grid';
import { units } from '../orgs';
import { maskPhone } from '../people';
import { createVoiceItem, voiceActionName, voiceKindName } from '../voice';
import type { SubmitEventBody, SubmitVoiceBody, TrackedJson } from './contract';
import { checkSubmissionLimits, checkUploadLimit, lockSubmitter, portalLimits } from './limits';
import { portalSubmissions, portalUploads } from './schema';

/** Who a portal request comes from: the client address and, for the audit log, the resident. */
export interface Visitor {
  ip: string;
  cipher: FieldCipher;
}

const residentOf = (visitor: Visitor): AuditActor => ({ userId: null, displayName: '群众', ip: visitor.ip });
const ipIndexOf = (visitor: Visitor) => visitor.cipher.blindIndex(`ip:${visitor.ip}`);

const PORTAL_PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
/** Unclaimed uploads older than this cannot be attached any more. */
const UPLOAD_VALID_MS = 24 * 3_600_000;

/** The root units (banners) residents' submissions go to; the first is the default. */
async function rootUnits(db: DbOrTx) {
  return db
    .select({ id: units.id, path: units.path, bannerId: units.bannerId })
    .from(units)
    .where(and(eq(units.depth, 0), eq(units.active, true)))
    .orderBy(asc(units.sortOrder), asc(units.name));
}

/**
 * Stores a resident's photo after checking its size, its type by content (JPEG, PNG or WebP only) and
 * the per-address upload limit. It belongs to the banner until a submission claims it.
 */
export async function uploadPhoto(
  db: Db,
  visitor: Visitor,
  input: { name: string; content: Buffer },
): Promise<{ id: string; name: string; size: number }> {
  const limits = await portalLimits(db);
  const maxMb = limits['portal.photoMaxMb'];
  if (input.content.length > maxMb * 1024 * 1024)
    throw new AppError('PORTAL_PHOTO_TOO_BIG', { params: { mb: maxMb } });
  if (input.content.length === 0) throw new AppError('PORTAL_PHOTO_MISSING');
  const mime = sniffMime(input.content);
  if (!mime || !PORTAL_PHOTO_TYPES.has(mime)) throw new AppError('PORTAL_PHOTO_TYPE');
  const ipIndex = ipIndexOf(visitor);
  await checkUploadLimit(db, ipIndex);
  const [root] = await rootUnits(db);
  if (!root) throw new AppError('VOICE_ROOT_NOT_FOUND');
  return db.transaction(async (tx) => {
    const [file] = await tx
      .insert(storedFiles)
      .values({
        unitId: root.id,
        name: input.name,
        mime,
        size: input.content.length,
        sha256: createHash('sha256').update(input.content).digest('hex'),
        isPublic: false,
        content: input.content,
      })
      .returning({ id: storedFiles.id, name: storedFiles.name, size: storedFiles.size });
    await tx.insert(portalUploads).values({ fileId: file!.id, ipIndex });
    await recordAudit(tx, residentOf(visitor), {
      entity: 'file',
      entityId: file!.id,
      action: 'portalUpload',
      after: { name: input.name, mime, size: input.content.length },
    });
    return file!;
  });
}

/**
 * Checks that the photos are unclaimed portal uploads of the last day and moves them to the unit the
 * submission goes to (the case engine attaches only files of the case's unit).
 */
async function prepareUploads(db: Db, photoIds: string[], unitId: string, now: Date): Promise<void> {
  const ids = [...new Set(photoIds)];
  if (ids.length === 0) return;
  const limits = await portalLimits(db);
  if (ids.length > limits['portal.photosPerSubmission']) throw new AppError('PORTAL_PHOTO_UNKNOWN');
  const rows = await db
    .select({ fileId: portalUploads.fileId })
    .from(portalUploads)
    .where(
      and(
        inArray(portalUploads.fileId, ids),
        isNull(portalUploads.claimedAt),
        gte(portalUploads.createdAt, new Date(now.getTime() - UPLOAD_VALID_MS)),
      ),
    );
  if (rows.length !== ids.length) throw new AppError('PORTAL_PHOTO_UNKNOWN');
  await db.update(storedFiles).set({ unitId }).where(inArray(storedFiles.id, ids));
}

/** Claims the photos for a submission, counts it for the limits and audits it (inside its transaction). */
async function recordSubmission(
  tx: Tx,
  visitor: Visitor,
  input: { kind: 'voice' | 'event'; caseId: string; phoneIndex: string; photoIds: string[]; now: Date },
): Promise<void> {
  if (input.photoIds.length > 0) {
    const claimed = await tx
      .update(portalUploads)
      .set({ claimedAt: input.now })
      .where(and(inArray(portalUploads.fileId, input.photoIds), isNull(portalUploads.claimedAt)))
      .returning({ id: portalUploads.fileId });
    if (claimed.length !== new Set(input.photoIds).size) throw new AppError('PORTAL_PHOTO_UNKNOWN');
  }
  await tx.insert(portalSubmissions).values({
    kind: input.kind,
    caseId: input.caseId,
    phoneIndex: input.phoneIndex,
    ipIndex: ipIndexOf(visitor),
    createdAt: input.now,
  });
}

/** The 苏木镇 / 嘎查 (社区) a resident picked, if it is one. */
async function areaOf(db: DbOrTx, areaUnitId: string | undefined) {
  if (!areaUnitId) return null;
  const [area] = await db
    .select({ id: units.id, name: units.name, path: units.path })
    .from(units)
    .where(
      and(
        eq(units.id, areaUnitId),
        eq(units.active, true),
        inArray(units.type, ['sumu', 'town', 'gacha', 'community']),
      ),
    );
  if (!area) throw new AppError('PORTAL_AREA_NOT_FOUND');
  return area;
}

function submitterOf(visitor: Visitor, input: { name?: string; phone: string }) {
  return {
    name: input.name || null,
    index: visitor.cipher.blindIndex(input.phone),
    contactCipher: visitor.cipher.encrypt(input.phone),
    contactMasked: maskPhone(input.phone),
  };
}

const positionOf = (input: { lat?: number; lng?: number }) =>
  input.lat !== undefined && input.lng !== undefined ? { lat: input.lat, lng: input.lng } : null;

/**
 * Receives a 三问 item from a resident into the banner's 待分办 list (the banner of the picked area, or
 * the first banner). The caller has checked the captcha; the limits are checked again under a lock
 * inside the creating transaction, so parallel requests cannot slip past them.
 */
export async function submitVoice(
  db: Db,
  visitor: Visitor,
  input: Omit<SubmitVoiceBody, 'captchaId' | 'captchaAnswer'>,
  now: Date = new Date(),
): Promise<{ code: string; kindName: string }> {
  const who = { phoneIndex: visitor.cipher.blindIndex(input.phone), ipIndex: ipIndexOf(visitor) };
  await checkSubmissionLimits(db, who, now);
  const area = await areaOf(db, input.areaUnitId);
  const roots = await rootUnits(db);
  const root = (area && roots.find((r) => area.path.startsWith(r.path))) ?? roots[0];
  if (!root) throw new AppError('VOICE_ROOT_NOT_FOUND');
  await prepareUploads(db, input.photoIds, root.id, now);
  const row = await createVoiceItem(
    db,
    {
      kind: input.kind,
      unitId: root.id,
      title: input.title,
      content: input.content,
      consentToPublish: input.consentToPublish,
      submitter: submitterOf(visitor, input),
      position: positionOf(input),
      area: area ? { unitId: area.id, name: area.name } : null,
      attachmentIds: input.photoIds,
    },
    {
      now,
      onCreated: async (tx, created) => {
        await lockSubmitter(tx, who);
        await checkSubmissionLimits(tx, who, now);
        await recordSubmission(tx, visitor, {
          kind: 'voice',
          caseId: created.id,
          phoneIndex: who.phoneIndex,
          photoIds: input.photoIds,
          now,
        });
      },
    },
  );
  return { code: row.code, kindName: voiceKindName(input.kind) };
}

/**
 * Files a grid event from a resident through the grid module (the grid at the position, else the
 * picked 嘎查/社区). The limits are checked before and the submission counted after.
 */
export async function submitEvent(
  db: Db,
  visitor: Visitor,
  input: Omit<SubmitEventBody, 'captchaId' | 'captchaAnswer'>,
  now: Date = new Date(),
): Promise<{ code: string; kindName: string }> {
  const who = { phoneIndex: visitor.cipher.blindIndex(input.phone), ipIndex: ipIndexOf(visitor) };
  await checkSubmissionLimits(db, who, now);
  const area = await areaOf(db, input.areaUnitId);
  const position = positionOf(input);
  const grid = position ? await findGridAt(db, position.lat, position.lng) : null;
  const unitId = grid?.unitId ?? area?.id;
  if (!unitId) throw new AppError('PORTAL_AREA_NOT_FOUND');
  await prepareUploads(db, input.photoIds, unitId, now);
  const { event } = await createEvent(db, visitor.cipher, null, {
    unitId,
    ...(position ?? {}),
    categoryKey: input.categoryKey,
    title: input.title,
    description: input.description,
    attachmentIds: input.photoIds,
    reporter: { name: input.name, phone: input.phone },
    source: 'portal',
  });
  await db.transaction(async (tx) => {
    await lockSubmitter(tx, who);
    await recordSubmission(tx, visitor, {
      kind: 'event',
      caseId: event.id,
      phoneIndex: who.phoneIndex,
      photoIds: input.photoIds,
      now,
    });
  });
  return { code: event.code, kindName: '事件' };
}

/**
 * A case by tracking code when the phone's last four digits match the submitter's; otherwise the same
 * 404 whichever was wrong, so the answer never tells whether a code exists.
 */
async function trackedCase(db: Db, visitor: Visitor, code: string, last4: string): Promise<CaseRow> {
  const row = await findCaseByCode(db, code);
  const phone = row?.submitterContactCipher ? visitor.cipher.decrypt(row.submitterContactCipher) : '';
  if (!row || !constantTimeEqual(phone.slice(-4).padStart(4, '#'), last4))
    throw new AppError('PORTAL_TRACK_NOT_FOUND');
  return row;
}

/** Actions whose note the resident sees in the public timeline (replies and refusals); others stay internal. */
const PUBLIC_NOTES = new Set(['reply', 'reject', 'rate']);

/** What a resident sees of their case: state, deadline, unit names only, replies; never staff names. */
export async function trackCase(db: Db, visitor: Visitor, code: string, last4: string): Promise<TrackedJson> {
  const row = await trackedCase(db, visitor, code, last4);
  const type = findCaseType(row.type);
  if (!type) throw new AppError('PORTAL_TRACK_NOT_FOUND');
  const events = await db
    .select()
    .from(caseEvents)
    .where(eq(caseEvents.caseId, row.id))
    .orderBy(asc(caseEvents.at));
  const unitIds = [...new Set([row.unitId, ...events.map((e) => e.unitId)])];
  const names = new Map(
    (await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds))).map(
      (u) => [u.id, u.name],
    ),
  );
  const rate = type.transitions.find((t) => t.permission === 'resident' && t.from.includes(row.state));
  const actionName = (action: string) =>
    type.key === 'voice.item'
      ? voiceActionName(action)
      : (type.transitions.find((t) => t.action === action)?.name ??
        (action === 'create' ? '群众提交' : action));
  return {
    code: row.code,
    typeName: type.name,
    kindName: type.key === 'voice.item' ? voiceKindName(row.details.kind) : type.name,
    title: row.title,
    description: row.description,
    state: row.state,
    stateName: type.states.find((s) => s.key === row.state)?.name ?? row.state,
    createdAt: row.createdAt.toISOString(),
    replyBy: row.closedAt ? null : (row.closeBy?.toISOString() ?? null),
    unitName: names.get(row.unitId) ?? '',
    version: row.version,
    photoCount: row.attachmentIds.length,
    rating: row.rating,
    canRate: !!rate,
    ratingReasons: type.rating ? type.rating.reasons.map((r) => ({ code: r.code, name: r.name })) : [],
    notSolvedCode: type.rating?.notSolvedCode ?? null,
    timeline: events
      .filter((e) => e.action !== 'escalate' && e.action !== 'linkRepeat')
      .map((e) => ({
        at: e.at.toISOString(),
        actionName: actionName(e.action),
        unitName: names.get(e.unitId) ?? '',
        note: PUBLIC_NOTES.has(e.action) ? e.note : null,
      })),
  };
}

/** The resident rates the outcome; "问题未解决" needs a comment and sends the case back. */
export async function rateCase(
  db: Db,
  visitor: Visitor,
  code: string,
  input: { last4: string; expectedVersion: number; score: number; reasons: string[]; comment?: string },
): Promise<TrackedJson> {
  const row = await trackedCase(db, visitor, code, input.last4);
  const type = findCaseType(row.type);
  const rate = type?.transitions.find(
    (t) => t.permission === 'resident' && (t.effects ?? []).includes('rate'),
  );
  if (!rate) throw new AppError('PORTAL_TRACK_NOT_FOUND');
  await transition(db, null, {
    caseId: row.id,
    action: rate.action,
    expectedVersion: input.expectedVersion,
    rating: { score: input.score, reasons: input.reasons },
    note: input.comment ?? null,
  });
  return trackCase(db, visitor, code, input.last4);
}

/** 苏木镇 with their 嘎查 and 社区, for the resident to say where a matter is. */
export async function listAreas(db: DbOrTx) {
  const rows = await db
    .select({ id: units.id, name: units.name, parentId: units.parentId, type: units.type })
    .from(units)
    .where(and(eq(units.active, true), inArray(units.type, ['sumu', 'town', 'gacha', 'community'])))
    .orderBy(asc(units.sortOrder), asc(units.name));
  const townships = rows.filter((r) => r.type === 'sumu' || r.type === 'town');
  return townships.map((t) => ({
    id: t.id,
    name: t.name,
    children: rows
      .filter((r) => r.parentId === t.id && (r.type === 'gacha' || r.type === 'community'))
      .map((r) => ({ id: r.id, name: r.name })),
  }));
}

/** Service centres in use, for the portal's directory; each opens its public service list. */
export async function listPublicCenters(db: DbOrTx, q: string | undefined) {
  const rows = await db
    .select({
      id: serviceCenters.id,
      name: serviceCenters.name,
      address: serviceCenters.address,
      openingHours: serviceCenters.openingHours,
      unitName: units.name,
      parentId: units.parentId,
      unitType: units.type,
    })
    .from(serviceCenters)
    .innerJoin(units, eq(units.id, serviceCenters.unitId))
    .where(
      and(
        eq(serviceCenters.status, 'inUse'),
        eq(units.active, true),
        q
          ? or(ilike(serviceCenters.name, `%${escapeLike(q)}%`), ilike(units.name, `%${escapeLike(q)}%`))
          : undefined,
      ),
    )
    .orderBy(asc(units.path));
  const parentIds = [...new Set(rows.map((r) => r.parentId).filter((id): id is string => !!id))];
  const parents =
    parentIds.length === 0
      ? new Map<string, string>()
      : new Map(
          (
            await db
              .select({ id: units.id, name: units.name })
              .from(units)
              .where(inArray(units.id, parentIds))
          ).map((u) => [u.id, u.name]),
        );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    unitName: r.unitName,
    townshipName:
      r.unitType === 'gacha' || r.unitType === 'community' ? (parents.get(r.parentId ?? '') ?? null) : null,
    address: r.address,
    openingHours: r.openingHours,
  }));
}
