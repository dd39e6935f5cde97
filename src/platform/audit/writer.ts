import { type DbOrTx, insertRows, type StatementValues } from '../db';
import { auditLog } from './schema';

/** Who did something, as the audit log records it. */
export interface AuditActor {
  userId: string | null;
  displayName: string | null;
  ip: string | null;
}

export interface AuditRecord {
  entity: string;
  entityId?: string | null;
  action: string;
  before?: unknown;
  after?: unknown;
}

function auditRowOf(actor: AuditActor, r: AuditRecord): typeof auditLog.$inferInsert {
  return {
    actorId: actor.userId,
    actorName: actor.displayName,
    ip: actor.ip,
    entity: r.entity,
    entityId: r.entityId ?? null,
    action: r.action,
    before: r.before ?? null,
    after: r.after ?? null,
  };
}

/**
 * Appends audit rows in the caller's transaction, so a change and its record commit together.
 * Hashing into the chain happens later, in commit order, by the sealer.
 */
export async function recordAudit(
  db: DbOrTx,
  actor: AuditActor,
  records: AuditRecord | AuditRecord[],
): Promise<void> {
  const list = Array.isArray(records) ? records : [records];
  await insertRows(
    db,
    auditLog,
    list.map((r) => auditRowOf(actor, r)),
  );
}

/**
 * The insert of one audit row, for a caller that writes its change and the record as one statement
 * (a data-modifying WITH); the sealer hashes it as any other row.
 */
export function auditInsert(db: DbOrTx, actor: AuditActor, record: AuditRecord, values?: StatementValues) {
  const row = auditRowOf(actor, record);
  if (!values) return db.insert(auditLog).values(row);
  // For a statement built once (builtStatement): every value a placeholder.
  return db.insert(auditLog).values({
    actorId: values.of(row.actorId),
    actorName: values.of(row.actorName),
    ip: values.of(row.ip),
    entity: values.of(row.entity),
    entityId: values.of(row.entityId),
    action: values.of(row.action),
    before: values.json(row.before),
    after: values.json(row.after),
  });
}

/** The actor for changes made by the system itself (start-up, demo data, scheduled work). */
export const systemActor: AuditActor = { userId: null, displayName: '系统', ip: null };
