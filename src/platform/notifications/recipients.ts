// Who is told about an organisation's matter in the inbox: the clerks who follow it, shared by the
// scheduled producers (meetings compliance, members probation reminders).
import { sql } from 'drizzle-orm';
import type { Permission } from '../auth/permissions';
import { type DbOrTx, queryRows } from '../db';

const idsOf = (path: string) => path.split('/').filter(Boolean);

/**
 * The subtree whose holders follow an organisation: up to and including the nearest 苏木/镇 above it
 * (the township clerks who follow their villages), never the banner or league level — the
 * organisation department sees everything on overview pages instead of thousands of inbox entries.
 * An organisation with no 苏木/镇 above it (a banner agency's branch) reaches up to just below the
 * banner. `types` maps unit ids on the path to their unit type.
 */
export function responsibilityRoot(path: string, types: ReadonlyMap<string, string>): string {
  const ids = idsOf(path);
  const pathTo = (index: number) => `/${ids.slice(0, index + 1).join('/')}/`;
  for (let i = ids.length - 1; i >= 0; i--) {
    const type = types.get(ids[i]!);
    if (type === 'sumu' || type === 'town') return pathTo(i);
    if ((type === 'banner' || type === 'league') && i < ids.length - 1) return pathTo(i + 1);
  }
  return pathTo(0);
}

/**
 * For each organisation, the active users holding any of `permissions` through a live assignment at
 * the organisation or at an ancestor inside its responsibility root (see `responsibilityRoot`).
 * Organisations nobody follows map to an empty list.
 */
export async function responsibleUsers(
  db: DbOrTx,
  orgs: readonly { id: string; path: string }[],
  permissions: readonly Permission[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (orgs.length === 0 || permissions.length === 0) return result;
  const ancestorIds = [...new Set(orgs.flatMap((o) => idsOf(o.path)))];
  const types = new Map<string, string>();
  for (let i = 0; i < ancestorIds.length; i += 5000) {
    const rows = await queryRows<{ id: string; type: string }>(
      db,
      sql`select id, type from units where id in ${ancestorIds.slice(i, i + 5000)}`,
    );
    for (const r of rows) types.set(r.id, r.type);
  }
  const holds = sql.join(
    permissions.map((p) => sql`r.permissions @> ${JSON.stringify([p])}::jsonb`),
    sql` or `,
  );
  const holders = await queryRows<{ userId: string; unitPath: string }>(
    db,
    sql`select distinct ra.user_id as "userId", u.path as "unitPath"
        from role_assignments ra
        join roles r on r.id = ra.role_id
        join users us on us.id = ra.user_id
        join units u on u.id = ra.unit_id
        where ra.revoked_at is null and us.active and (${holds})`,
  );
  for (const org of orgs) {
    const root = responsibilityRoot(org.path, types);
    result.set(org.id, [
      ...new Set(
        holders
          .filter((h) => h.unitPath.startsWith(root) && org.path.startsWith(h.unitPath))
          .map((h) => h.userId),
      ),
    ]);
  }
  return result;
}
