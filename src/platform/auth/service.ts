import { and, eq, isNull, sql } from 'drizzle-orm';
import { units } from '../../modules/orgs/schema';
import { recordAudit } from '../audit/writer';
import { randomToken, sm3Hex } from '../crypto';
import type { Database, Db } from '../db';
import { AppError } from '../errors';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../password';
import { getSetting } from '../settings/service';
import { type Actor, type ActorAssignment, buildActor } from './actor';
import type { Permission } from './permissions';
import { roleAssignments, roles, sessions, users } from './schema';

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  user: { id: string; username: string; displayName: string; mustChangePassword: boolean };
}

// Spend the same time on unknown usernames as on wrong passwords, so timing does not reveal accounts.
let dummyHash: Promise<string> | null = null;

/**
 * Checks a username and password, applying the lockout rule, and opens a session.
 * Every attempt is audited, failed or not.
 */
export async function login(
  db: Db,
  input: { username: string; password: string; ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const [user] = await db.select().from(users).where(eq(users.username, input.username.trim()));
  const audit = { userId: user?.id ?? null, displayName: user?.displayName ?? input.username, ip: input.ip };
  if (!user?.active) {
    dummyHash ??= hashPassword('not-a-real-password-9X!');
    await verifyPassword(await dummyHash, input.password);
    await recordAudit(db, audit, {
      entity: 'session',
      action: 'login.failed',
      after: { username: input.username },
    });
    throw new AppError(user ? 'ACCOUNT_DISABLED' : 'INVALID_CREDENTIALS');
  }
  const lockoutMinutes = await getSetting(db, 'security.lockoutMinutes');
  if (user.lockedUntil && new Date(user.lockedUntil) > new Date()) {
    const minutes = Math.max(1, Math.ceil((new Date(user.lockedUntil).getTime() - Date.now()) / 60_000));
    await recordAudit(db, audit, { entity: 'session', action: 'login.locked', entityId: user.id });
    throw new AppError('ACCOUNT_LOCKED', { params: { minutes } });
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const threshold = await getSetting(db, 'security.lockoutThreshold');
    const failures = user.failedLogins + 1;
    const lock = failures >= threshold;
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          failedLogins: lock ? 0 : failures,
          lockedUntil: lock ? new Date(Date.now() + lockoutMinutes * 60_000).toISOString() : user.lockedUntil,
        })
        .where(eq(users.id, user.id));
      await recordAudit(tx, audit, {
        entity: 'session',
        entityId: user.id,
        action: lock ? 'login.lockout' : 'login.failed',
        after: { failures },
      });
    });
    if (lock) throw new AppError('ACCOUNT_LOCKED', { params: { minutes: lockoutMinutes } });
    throw new AppError('INVALID_CREDENTIALS');
  }
  const sessionToken = randomToken(32);
  const csrfToken = randomToken(24);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date().toISOString() })
      .where(eq(users.id, user.id));
    await tx.insert(sessions).values({
      id: sm3Hex(sessionToken),
      userId: user.id,
      csrfToken,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(tx, audit, { entity: 'session', entityId: user.id, action: 'login' });
  });
  return {
    sessionToken,
    csrfToken,
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      mustChangePassword: user.mustChangePassword,
    },
  };
}

interface SessionRow {
  lastSeenMs: number;
  csrfToken: string;
  activeAssignmentId: string | null;
  userId: string;
  username: string;
  displayName: string;
  active: boolean;
  mustChangePassword: boolean;
  assignments: ActorAssignment[] | string;
}

export type SessionLookup = { ok: true; actor: Actor } | { ok: false; reason: 'missing' | 'expired' };

// Writing last_seen_at on every request would turn every read into a write; once a minute is enough.
const TOUCH_AFTER_MS = 60_000;

const SESSION_QUERY = `
  select (extract(epoch from s.last_seen_at) * 1000)::float8 as "lastSeenMs", s.csrf_token as "csrfToken",
         s.active_assignment_id as "activeAssignmentId", u.id as "userId", u.username,
         u.display_name as "displayName", u.active, u.must_change_password as "mustChangePassword",
         coalesce((
           select json_agg(json_build_object('id', ra.id, 'roleKey', r.key, 'roleName', r.name,
                    'permissions', r.permissions, 'unitId', un.id, 'unitName', un.name, 'unitPath', un.path)
                  order by r.name, un.path)
           from role_assignments ra join roles r on r.id = ra.role_id join units un on un.id = ra.unit_id
           where ra.user_id = u.id and ra.revoked_at is null), '[]'::json) as assignments
  from sessions s join users u on u.id = s.user_id
  where s.id = $1 and s.ended_at is null`;

/**
 * Sessions read in the last SESSION_CACHE_MS, by session id: the requests of a busy screen share one
 * read instead of one round trip each. Every state-changing request of this process empties it when it
 * has answered (`forgetSessions`, from the HTTP layer), and so do logout, password changes and scope
 * switches before they return, so this process never acts on a session it has changed. Another app
 * instance's change (a logout, a revoked role) reaches this one within SESSION_CACHE_MS.
 */
const SESSION_CACHE_MS = 2_000;
const SESSION_CACHE_MAX = 10_000;
interface CachedSession {
  row: SessionRow;
  assignments: ActorAssignment[];
  at: number;
}
const sessionCache = new Map<string, CachedSession>();
// Bumped by every forget: a read that began before a change is not kept after it.
let sessionGeneration = 0;

/** Drops every cached session: the next request of each reads its session again. */
export function forgetSessions(): void {
  sessionGeneration += 1;
  sessionCache.clear();
  readsInFlight.clear();
}

/** Reads a session from the database, ending it when it has been idle too long. */
async function readSession(database: Database, id: string): Promise<CachedSession | 'missing' | 'expired'> {
  const { db } = database;
  const generation = sessionGeneration;
  // One round trip: the session, its user and the user's live assignments together, planned once per
  // connection.
  const [row] = await database.query<SessionRow>(SESSION_QUERY, [id], { name: 'jiceng-load-session' });
  if (!row?.active) return 'missing';
  const idleMinutes = await getSetting(db, 'security.sessionIdleMinutes');
  const idleMs = Date.now() - Number(row.lastSeenMs);
  if (idleMs > idleMinutes * 60_000) {
    await db
      .update(sessions)
      .set({ endedAt: new Date().toISOString(), endReason: 'idle' })
      .where(eq(sessions.id, id));
    return 'expired';
  }
  if (idleMs > TOUCH_AFTER_MS) {
    await db.update(sessions).set({ lastSeenAt: new Date().toISOString() }).where(eq(sessions.id, id));
  }
  const assignments = (
    typeof row.assignments === 'string' ? JSON.parse(row.assignments) : row.assignments
  ) as ActorAssignment[];
  const read = { row, assignments, at: Date.now() };
  if (generation === sessionGeneration) {
    if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear();
    sessionCache.set(id, read);
  }
  return read;
}

/**
 * Reads in flight, by session id: the requests a busy screen sends together when the cached read has
 * run out wait for one read instead of each sending its own.
 */
const readsInFlight = new Map<string, Promise<CachedSession | 'missing' | 'expired'>>();

function sharedRead(database: Database, id: string): Promise<CachedSession | 'missing' | 'expired'> {
  const pending = readsInFlight.get(id);
  if (pending) return pending;
  const read = readSession(database, id).finally(() => readsInFlight.delete(id));
  readsInFlight.set(id, read);
  return read;
}

/** Resolves a session cookie to its actor, ending the session when it has been idle too long. */
export async function loadSession(
  database: Database,
  token: string | undefined,
  ip: string | null,
): Promise<SessionLookup> {
  if (!token) return { ok: false, reason: 'missing' };
  const id = sm3Hex(token);
  const cached = sessionCache.get(id);
  const read = cached && Date.now() - cached.at < SESSION_CACHE_MS ? cached : await sharedRead(database, id);
  if (read === 'missing' || read === 'expired') return { ok: false, reason: read };
  const { row, assignments } = read;
  const activeAssignmentId = assignments.some((a) => a.id === row.activeAssignmentId)
    ? row.activeAssignmentId
    : null;
  return {
    ok: true,
    actor: buildActor({
      userId: row.userId,
      username: row.username,
      displayName: row.displayName,
      sessionId: id,
      csrfToken: row.csrfToken,
      ip,
      mustChangePassword: row.mustChangePassword,
      assignments,
      activeAssignmentId,
    }),
  };
}

/** The live role assignments of a user, with their unit paths and permissions. */
export async function loadAssignments(db: Db, userId: string): Promise<ActorAssignment[]> {
  const rows = await db
    .select({
      id: roleAssignments.id,
      roleKey: roles.key,
      roleName: roles.name,
      permissions: roles.permissions,
      unitId: units.id,
      unitName: units.name,
      unitPath: units.path,
    })
    .from(roleAssignments)
    .innerJoin(roles, eq(roles.id, roleAssignments.roleId))
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .where(and(eq(roleAssignments.userId, userId), isNull(roleAssignments.revokedAt)))
    .orderBy(roles.name, units.path);
  return rows.map((r) => ({ ...r, permissions: r.permissions as Permission[] }));
}

/** Ends a session (logout). */
export async function logout(db: Db, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(sessions)
      .set({ endedAt: new Date().toISOString(), endReason: 'logout' })
      .where(eq(sessions.id, actor.sessionId));
    await recordAudit(tx, auditActorOf(actor), {
      entity: 'session',
      entityId: actor.userId,
      action: 'logout',
    });
  });
  forgetSessions();
}

/** Changes the actor's own password after checking the old one and the policy; ends other sessions. */
export async function changePassword(
  db: Db,
  actor: Actor,
  input: { oldPassword: string; newPassword: string },
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (!(await verifyPassword(user.passwordHash, input.oldPassword))) throw new AppError('WRONG_OLD_PASSWORD');
  const policy = checkPasswordPolicy(
    input.newPassword,
    {
      minLength: await getSetting(db, 'security.passwordMinLength'),
      minClasses: await getSetting(db, 'security.passwordMinClasses'),
    },
    { username: user.username },
  );
  if (!policy.ok) throw new AppError('PASSWORD_POLICY', { params: { reason: policy.message } });
  if (await verifyPassword(user.passwordHash, input.newPassword)) {
    throw new AppError('PASSWORD_POLICY', { params: { reason: '新密码不能与原密码相同' } });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date().toISOString() })
      .where(eq(users.id, user.id));
    await tx
      .update(sessions)
      .set({ endedAt: new Date().toISOString(), endReason: 'password-changed' })
      .where(
        and(
          eq(sessions.userId, user.id),
          isNull(sessions.endedAt),
          sql`${sessions.id} <> ${actor.sessionId}`,
        ),
      );
    await recordAudit(tx, auditActorOf(actor), {
      entity: 'user',
      entityId: user.id,
      action: 'password.change',
    });
  });
  forgetSessions();
}

/** Narrows the session to one of the actor's assignments, or back to all of them (null). */
export async function switchScope(db: Db, actor: Actor, assignmentId: string | null): Promise<void> {
  if (assignmentId && !actor.assignments.some((a) => a.id === assignmentId)) throw new AppError('NOT_FOUND');
  await db.update(sessions).set({ activeAssignmentId: assignmentId }).where(eq(sessions.id, actor.sessionId));
  forgetSessions();
}

/** The audit identity of an actor. */
export function auditActorOf(actor: Pick<Actor, 'userId' | 'displayName' | 'ip'>) {
  return { userId: actor.userId, displayName: actor.displayName, ip: actor.ip };
}
