import { and, asc, desc, eq, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor';
import type { Permission } from '../auth/permissions';
import type { Db, DbOrTx } from '../db';
import { AppError } from '../errors';
import { unitCondition } from '../scope';
import { notifications } from './schema';

/** A notice to write; `userId` null addresses everyone holding `permission` at the unit or above. */
export interface NewNotification {
  userId: string | null;
  unitId: string;
  permission?: Permission | null;
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
  dedupeKey: string;
}

export interface NotificationView {
  id: string;
  unitId: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
  resolvedAt: string | null;
}

/**
 * Writes notices idempotently: a dedupe key already present is skipped, or reopened (unread, unresolved)
 * when it had been resolved — the matter came back. Returns how many were new or reopened.
 */
export async function notify(db: DbOrTx, items: readonly NewNotification[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < items.length; i += 500) {
    const rows = await db
      .insert(notifications)
      .values(
        items.slice(i, i + 500).map((n) => ({
          userId: n.userId,
          unitId: n.unitId,
          permission: n.permission ?? null,
          kind: n.kind,
          title: n.title,
          body: n.body ?? '',
          link: n.link ?? null,
          dedupeKey: n.dedupeKey,
        })),
      )
      .onConflictDoUpdate({
        target: notifications.dedupeKey,
        set: { resolvedAt: null, readAt: null, createdAt: sql`now()` },
        setWhere: isNotNull(notifications.resolvedAt),
      })
      .returning({ id: notifications.id });
    written += rows.length;
  }
  return written;
}

/** Marks notices settled (the producer found the matter resolved); they stay in the inbox, greyed. */
export async function resolveNotifications(db: DbOrTx, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  let resolved = 0;
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .update(notifications)
      .set({ resolvedAt: sql`now()` })
      .where(and(inArray(notifications.id, ids.slice(i, i + 1000)), isNull(notifications.resolvedAt)))
      .returning({ id: notifications.id });
    resolved += rows.length;
  }
  return resolved;
}

/**
 * What an actor sees: notices addressed to them, plus unit-addressed notices (no user) for units where
 * they hold the notice's permission.
 */
function visibleTo(actor: Actor): SQL {
  const perPermission = [...actor.permissions].map(
    (permission) =>
      sql`(${notifications.permission} = ${permission} and ${unitCondition(actor.scopeFor(permission), notifications.unitId)})`,
  );
  const unitAddressed =
    perPermission.length > 0
      ? and(isNull(notifications.userId), sql`(${sql.join(perPermission, sql` or `)})`)
      : undefined;
  return or(eq(notifications.userId, actor.userId), unitAddressed)!;
}

/**
 * The actor's inbox: open notices before settled ones, newest first; unread counts only unread notices
 * that are not yet resolved. A compliance check writes its notices at one instant, so those are
 * ordered by title (the unit's name first) and id: a page is then the same on every reading, and no
 * notice appears on two pages or on none.
 */
export async function listNotifications(
  db: Db,
  actor: Actor,
  query: { unreadOnly: boolean; page: number; pageSize: number },
) {
  const visible = visibleTo(actor);
  const open = and(isNull(notifications.readAt), isNull(notifications.resolvedAt));
  const where = query.unreadOnly ? and(visible, open) : visible;
  const [counts] = await db
    .select({
      total: sql<number>`count(*) filter (where ${where ?? sql`true`})::int`,
      unread: sql<number>`count(*) filter (where ${open})::int`,
    })
    .from(notifications)
    .where(visible);
  const rows = await db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(
      sql`${notifications.resolvedAt} is not null`,
      desc(notifications.createdAt),
      asc(notifications.title),
      asc(notifications.id),
    )
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return {
    items: rows.map(
      (n): NotificationView => ({
        id: n.id,
        unitId: n.unitId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link,
        createdAt: n.createdAt,
        readAt: n.readAt,
        resolvedAt: n.resolvedAt,
      }),
    ),
    total: Number(counts?.total ?? 0),
    unread: Number(counts?.unread ?? 0),
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Marks one visible notice read (a unit-addressed notice is then read for everyone who sees it). */
export async function markRead(db: Db, actor: Actor, id: string): Promise<void> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), visibleTo(actor)))
    .returning({ id: notifications.id });
  if (rows.length === 0) throw new AppError('NOT_FOUND');
}
