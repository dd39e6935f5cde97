import { eq, isNull, sql } from 'drizzle-orm';
import { units } from '../modules/orgs/schema';
import { recordAudit, systemActor } from './audit/writer';
import { builtinRoles } from './auth/permissions';
import { roleAssignments, roles, users } from './auth/schema';
import type { Db } from './db';
import { generatePassword, hashPassword } from './password';
import { pinyinKey } from './pinyin';

/** The three separated administrator accounts created on first start. */
export const adminAccounts = [
  { username: 'admin', displayName: '系统管理员', roles: ['systemAdmin', 'orgStaff'] },
  { username: 'secadmin', displayName: '安全管理员', roles: ['securityAdmin'] },
  { username: 'auditadmin', displayName: '审计管理员', roles: ['auditAdmin'] },
] as const;

/** Creates or refreshes the built-in roles, so new permissions reach existing installations. */
export async function seedRoles(db: Db): Promise<void> {
  for (const role of builtinRoles) {
    await db
      .insert(roles)
      .values({
        key: role.key,
        name: role.name,
        description: role.description,
        permissions: role.permissions,
        builtin: true,
      })
      .onConflictDoUpdate({
        target: roles.key,
        set: { name: role.name, description: role.description, permissions: role.permissions },
      });
  }
}

/** True when the database has no user yet: this is the first start. */
export async function isFirstStart(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return Number(row?.n ?? 0) === 0;
}

/** The root unit of the tree, creating an empty banner when there is none (start without demo data). */
export async function ensureRootUnit(db: Db): Promise<string> {
  const [root] = await db
    .select({ id: units.id })
    .from(units)
    .where(isNull(units.parentId))
    .orderBy(units.createdAt)
    .limit(1);
  if (root) return root.id;
  const [created] = await db
    .insert(units)
    .values({ name: '本旗', type: 'banner', path: '/', depth: 0, pinyin: pinyinKey('本旗') })
    .returning({ id: units.id });
  await db
    .update(units)
    .set({ path: `/${created!.id}/`, bannerId: created!.id })
    .where(eq(units.id, created!.id));
  return created!.id;
}

export interface CreatedAdmin {
  username: string;
  displayName: string;
  password: string;
  generated: boolean;
}

/**
 * Creates the three administrator accounts at the root unit. With a given password (JICENG_ADMIN_PASSWORD)
 * they keep it; otherwise each gets a generated password that must be changed at first login.
 */
export async function createAdminAccounts(
  db: Db,
  rootUnitId: string,
  password: string | null,
): Promise<CreatedAdmin[]> {
  const roleIds = new Map(
    (await db.select({ id: roles.id, key: roles.key }).from(roles)).map((r) => [r.key, r.id]),
  );
  const created: CreatedAdmin[] = [];
  await db.transaction(async (tx) => {
    for (const account of adminAccounts) {
      const plain = password ?? generatePassword();
      const [user] = await tx
        .insert(users)
        .values({
          username: account.username,
          displayName: account.displayName,
          passwordHash: await hashPassword(plain),
          mustChangePassword: password === null,
        })
        .returning({ id: users.id });
      for (const role of account.roles) {
        await tx
          .insert(roleAssignments)
          .values({ userId: user!.id, roleId: roleIds.get(role)!, unitId: rootUnitId });
      }
      await recordAudit(tx, systemActor, {
        entity: 'user',
        entityId: user!.id,
        action: 'create',
        after: { username: account.username, roles: account.roles },
      });
      created.push({ ...account, password: plain, generated: password === null });
    }
  });
  return created;
}
