import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/writer';
import { roleAssignments, roles, users } from '../../platform/auth/schema';
import { auditActorOf, loadAssignments } from '../../platform/auth/service';
import { separatedAdminRoles } from '../../platform/auth/permissions';
import type { DbOrTx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http/context';
import { generatePassword, hashPassword } from '../../platform/password';
import { escapeLike, pathCondition } from '../../platform/scope';
import { findUnitInScope, units } from '../orgs';

/**
 * Users visible to the actor: those holding at least one assignment inside the actor's scope, plus
 * users with no assignment yet (new accounts), so administrators can grant their first role.
 */
function visibleUsers(ctx: RequestContext) {
  return sql`(not exists (select 1 from role_assignments ra where ra.user_id = ${users.id} and ra.revoked_at is null)
    or exists (select 1 from role_assignments ra join units u on u.id = ra.unit_id
               where ra.user_id = ${users.id} and ra.revoked_at is null and ${pathCondition(ctx.scope, sql`u.path`)}))`;
}

/** Lists users with their assignments. */
export async function listUsers(ctx: RequestContext, query: { q?: string; page: number; pageSize: number }) {
  const conditions = [visibleUsers(ctx)];
  if (query.q) {
    const like = `%${escapeLike(query.q)}%`;
    conditions.push(sql`(${users.username} like ${like} or ${users.displayName} like ${like})`);
  }
  const where = and(...conditions);
  const [{ total } = { total: 0 }] = await ctx.db
    .select({ total: sql<number>`count(*)::int` })
    .from(users)
    .where(where);
  const rows = await ctx.db
    .select()
    .from(users)
    .where(where)
    .orderBy(asc(users.username))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const items = await Promise.all(
    rows.map(async (u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      active: u.active,
      lockedUntil: u.lockedUntil && new Date(u.lockedUntil) > new Date() ? u.lockedUntil : null,
      lastLoginAt: u.lastLoginAt,
      mustChangePassword: u.mustChangePassword,
      assignments: (await loadAssignments(ctx.db, u.id)).map(
        ({ id, roleKey, roleName, unitId, unitName }) => ({
          id,
          roleKey,
          roleName,
          unitId,
          unitName,
        }),
      ),
    })),
  );
  return { items, total: Number(total), page: query.page, pageSize: query.pageSize };
}

async function findVisibleUser(ctx: RequestContext, id: string) {
  const [user] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.id, id), visibleUsers(ctx)));
  if (!user) throw new AppError('NOT_FOUND');
  return user;
}

/** Creates an account with a generated password the user must change at first login. */
export async function createUser(ctx: RequestContext, input: { username: string; displayName: string }) {
  const initialPassword = generatePassword();
  const passwordHash = await hashPassword(initialPassword);
  return ctx.db.transaction(async (tx) => {
    const [clash] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    if (clash) throw new AppError('USERS_DUPLICATE_USERNAME', { params: { username: input.username } });
    const [user] = await tx
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        mustChangePassword: true,
      })
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'user',
      entityId: user!.id,
      action: 'create',
      after: { username: user!.username, displayName: user!.displayName },
    });
    return {
      user: {
        id: user!.id,
        username: user!.username,
        displayName: user!.displayName,
        mustChangePassword: true,
      },
      initialPassword,
    };
  });
}

/** Replaces a user's password with a generated one (to be changed at next login) and ends their sessions. */
export async function resetPassword(ctx: RequestContext, id: string) {
  const user = await findVisibleUser(ctx, id);
  const initialPassword = generatePassword();
  const passwordHash = await hashPassword(initialPassword);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, failedLogins: 0 })
      .where(eq(users.id, user.id));
    await tx.execute(
      sql`update sessions set ended_at = now(), end_reason = 'password-reset' where user_id = ${user.id} and ended_at is null`,
    );
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'user',
      entityId: user.id,
      action: 'password.reset',
    });
  });
  return { initialPassword };
}

/** Lifts a lockout early. */
export async function unlockUser(ctx: RequestContext, id: string): Promise<void> {
  const user = await findVisibleUser(ctx, id);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ lockedUntil: null, failedLogins: 0 }).where(eq(users.id, user.id));
    await recordAudit(tx, auditActorOf(ctx.actor), { entity: 'user', entityId: user.id, action: 'unlock' });
  });
}

/** The roles that can be granted. */
export async function listRoles(db: DbOrTx) {
  const rows = await db.select().from(roles).orderBy(asc(roles.name));
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    name: r.name,
    description: r.description,
    permissions: r.permissions,
  }));
}

/**
 * Grants a role at a unit inside the actor's scope. Nobody changes their own grants, and the three
 * administrator roles never meet in one person (三员分立).
 */
export async function grantRole(
  ctx: RequestContext,
  userId: string,
  input: { roleId: string; unitId: string },
) {
  if (userId === ctx.actor.userId) throw new AppError('USERS_SELF_ASSIGNMENT');
  const user = await findVisibleUser(ctx, userId);
  return ctx.db.transaction(async (tx) => {
    const [role] = await tx.select().from(roles).where(eq(roles.id, input.roleId));
    if (!role) throw new AppError('USERS_ROLE_NOT_FOUND');
    const unit = await findUnitInScope(tx, ctx.scope, input.unitId);
    if (separatedAdminRoles.includes(role.key)) {
      const held = await tx
        .select({ key: roles.key })
        .from(roleAssignments)
        .innerJoin(roles, eq(roles.id, roleAssignments.roleId))
        .where(
          and(
            eq(roleAssignments.userId, user.id),
            isNull(roleAssignments.revokedAt),
            inArray(
              roles.key,
              separatedAdminRoles.filter((k) => k !== role.key),
            ),
          ),
        );
      if (held.length > 0) throw new AppError('USERS_ADMIN_ROLE_CONFLICT');
    }
    const [assignment] = await tx
      .insert(roleAssignments)
      .values({ userId: user.id, roleId: role.id, unitId: unit.id, grantedBy: ctx.actor.userId })
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'roleAssignment',
      entityId: assignment!.id,
      action: 'grant',
      after: { user: user.username, role: role.key, unit: unit.name },
    });
    return {
      id: assignment!.id,
      roleKey: role.key,
      roleName: role.name,
      unitId: unit.id,
      unitName: unit.name,
    };
  });
}

/** Revokes a grant (kept as a revoked row: history is data). */
export async function revokeRole(ctx: RequestContext, assignmentId: string): Promise<void> {
  const [row] = await ctx.db
    .select({ assignment: roleAssignments, unitPath: units.path })
    .from(roleAssignments)
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .where(
      and(
        eq(roleAssignments.id, assignmentId),
        isNull(roleAssignments.revokedAt),
        pathCondition(ctx.scope, units.path),
      ),
    );
  if (!row) throw new AppError('NOT_FOUND');
  if (row.assignment.userId === ctx.actor.userId) throw new AppError('USERS_SELF_ASSIGNMENT');
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(roleAssignments)
      .set({ revokedAt: new Date().toISOString(), revokedBy: ctx.actor.userId })
      .where(eq(roleAssignments.id, assignmentId));
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'roleAssignment',
      entityId: assignmentId,
      action: 'revoke',
    });
  });
}
