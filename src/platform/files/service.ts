import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/writer';
import { auditActorOf } from '../auth/service';
import type { Db, DbOrTx } from '../db';
import { AppError } from '../errors';
import { type Scope, scopeOf, unitCondition } from '../scope';
import { storedFiles } from './schema';
import { sniffMime } from './sniff';

export const MAX_FILE_MB = 10;

/** What callers see of a stored file (never the content). */
export interface FileRef {
  id: string;
  unitId: string;
  name: string;
  mime: string;
  size: number;
  isPublic: boolean;
  url: string;
}

const refColumns = {
  id: storedFiles.id,
  unitId: storedFiles.unitId,
  name: storedFiles.name,
  mime: storedFiles.mime,
  size: storedFiles.size,
  isPublic: storedFiles.isPublic,
};

function withUrl(row: Omit<FileRef, 'url'>): FileRef {
  return { ...row, url: row.isPublic ? `/api/public/files/${row.id}` : `/api/files/${row.id}` };
}

/** The units an actor reaches through any of their roles (narrowed to the active assignment). */
export function anyRoleScope(actor: Actor): Scope {
  return scopeOf(
    actor.assignments
      .filter((a) => !actor.activeAssignmentId || a.id === actor.activeAssignmentId)
      .map((a) => a.unitPath),
  );
}

/** Stores an uploaded file for a unit after checking its type by content; audited. */
export async function storeFile(
  db: Db,
  actor: Actor,
  input: { unitId: string; name: string; content: Buffer; isPublic: boolean },
): Promise<FileRef> {
  const mime = sniffMime(input.content);
  if (!mime) throw new AppError('FILE_BAD_TYPE');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(storedFiles)
      .values({
        unitId: input.unitId,
        name: input.name,
        mime,
        size: input.content.length,
        sha256: createHash('sha256').update(input.content).digest('hex'),
        isPublic: input.isPublic,
        content: input.content,
        createdBy: actor.userId,
      })
      .returning(refColumns);
    await recordAudit(tx, auditActorOf(actor), {
      entity: 'file',
      entityId: row!.id,
      action: 'upload',
      after: { name: row!.name, mime, size: row!.size, unitId: input.unitId, isPublic: input.isPublic },
    });
    return withUrl(row!);
  });
}

/**
 * The files with these ids, all uploaded for `unitId`; a missing id or a file of another unit answers
 * 404, so a record can only attach files uploaded for its own unit.
 */
export async function requireFiles(
  db: DbOrTx,
  { ids, unitId }: { ids: string[]; unitId: string },
): Promise<FileRef[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await db
    .select(refColumns)
    .from(storedFiles)
    .where(and(inArray(storedFiles.id, unique), eq(storedFiles.unitId, unitId)));
  if (rows.length !== unique.length) throw new AppError('FILE_NOT_FOUND');
  const byId = new Map(rows.map((r) => [r.id, withUrl(r)]));
  return unique.map((id) => byId.get(id)!);
}

/** Descriptions of the given files (no scope check: the caller has already checked the record). */
export async function describeFiles(db: DbOrTx, ids: string[]): Promise<FileRef[]> {
  if (ids.length === 0) return [];
  const rows = await db.select(refColumns).from(storedFiles).where(inArray(storedFiles.id, ids));
  const byId = new Map(rows.map((r) => [r.id, withUrl(r)]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** A file with its content, if it lies in scope (or is public when `publicOnly`); otherwise 404. */
export async function readFile(
  db: Db,
  id: string,
  access: { scope: Scope } | { publicOnly: true },
): Promise<{ name: string; mime: string; content: Buffer }> {
  const condition =
    'publicOnly' in access ? eq(storedFiles.isPublic, true) : unitCondition(access.scope, storedFiles.unitId);
  const [row] = await db
    .select({ name: storedFiles.name, mime: storedFiles.mime, content: storedFiles.content })
    .from(storedFiles)
    .where(and(eq(storedFiles.id, id), condition));
  if (!row) throw new AppError('FILE_NOT_FOUND');
  return row;
}
