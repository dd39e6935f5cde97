import type { AuditActor } from '../../platform/audit/writer';
import { type DbOrTx, insertRows } from '../../platform/db';
import { memberEvents, type partyMembers } from './schema';

export type MemberEventKind =
  | 'create'
  | 'import'
  | 'update'
  | 'decision'
  | 'transferRequested'
  | 'transferAccepted'
  | 'transferReturned'
  | 'transferCancelled'
  | 'transferCompleted';

export interface MemberEventInput {
  memberId: string;
  kind: MemberEventKind;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** Appends rows to members' histories in the caller's transaction (batched for imports). */
export async function recordMemberEvents(
  db: DbOrTx,
  actor: AuditActor,
  events: MemberEventInput | MemberEventInput[],
): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  await insertRows(
    db,
    memberEvents,
    list.map((event) => ({
      memberId: event.memberId,
      kind: event.kind,
      summary: event.summary,
      before: event.before ?? null,
      after: event.after ?? null,
      actorId: actor.userId,
      actorName: actor.displayName,
    })),
  );
}

/** The fields that differ between two records, as { before, after } holding only those fields. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: T,
  keys: readonly (keyof T)[],
): { before: Partial<T>; after: Partial<T> } | null {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of keys) {
    if ((before[key] ?? null) !== (after[key] ?? null)) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return Object.keys(a).length > 0 ? { before: b, after: a } : null;
}

/** Snapshot of the Party fields kept in history rows. */
export function partySnapshot(
  m: Pick<
    typeof partyMembers.$inferSelect,
    | 'unitId'
    | 'category'
    | 'status'
    | 'joinedOn'
    | 'fullOn'
    | 'conversionDueOn'
    | 'probationExtensionMonths'
    | 'education'
    | 'post'
    | 'awaySince'
    | 'lastContactOn'
  >,
) {
  return {
    unitId: m.unitId,
    category: m.category,
    status: m.status,
    joinedOn: m.joinedOn,
    fullOn: m.fullOn,
    conversionDueOn: m.conversionDueOn,
    probationExtensionMonths: m.probationExtensionMonths,
    education: m.education,
    post: m.post,
    awaySince: m.awaySince,
    lastContactOn: m.lastContactOn,
  };
}
