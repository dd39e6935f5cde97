import { eq, like } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { settings } from './schema';

/** The editable settings with their defaults (RULES: every rule is a configurable default). */
export const settingDefaults = {
  'security.passwordMinLength': 8,
  'security.passwordMinClasses': 3,
  'security.lockoutThreshold': 5,
  'security.lockoutMinutes': 15,
  'security.sessionIdleMinutes': 30,
  'import.maxRows': 200_000,
} as const;

export type SettingKey = keyof typeof settingDefaults;

const cache = new Map<string, { value: unknown; at: number }>();
// Module settings by prefix (a roster page reads the members group on every request).
const groupCache = new Map<string, { values: Map<string, unknown>; at: number }>();
const CACHE_MS = 5_000;

/**
 * Drops every cached setting. A process serves one database, so the caches are not keyed by it; the
 * test files that share a process, each on its own database, start with this.
 */
export function forgetCachedSettings(): void {
  cache.clear();
  groupCache.clear();
}

/** Reads one setting, falling back to its default; cached for a few seconds. */
export async function getSetting<K extends SettingKey>(
  db: DbOrTx,
  key: K,
): Promise<(typeof settingDefaults)[K]> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value as (typeof settingDefaults)[K];
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  const value = (row?.value ?? settingDefaults[key]) as (typeof settingDefaults)[K];
  cache.set(key, { value, at: Date.now() });
  return value;
}

/** Changes one setting (the caller audits it). */
export async function setSetting(
  db: DbOrTx,
  key: SettingKey,
  value: unknown,
  userId: string | null,
): Promise<void> {
  await writeSettings(db, { [key]: value }, userId);
}

/**
 * The stored settings of one module (`members.` keys for prefix `members`), as key → value; keys with
 * no row are absent, so the module applies its own defaults.
 */
export async function readSettingGroup(db: DbOrTx, prefix: string): Promise<Map<string, unknown>> {
  const hit = groupCache.get(prefix);
  if (hit && Date.now() - hit.at < CACHE_MS) return new Map(hit.values);
  const rows = await db
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(like(settings.key, `${prefix}.%`));
  const values = new Map(rows.map((row) => [row.key, row.value]));
  groupCache.set(prefix, { values, at: Date.now() });
  return new Map(values);
}

/** Stores several module settings at once; null removes the row, so the default applies again. */
export async function writeSettings(
  db: DbOrTx,
  values: Record<string, unknown>,
  userId: string | null,
): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (value === null) {
      await db.delete(settings).where(eq(settings.key, key));
    } else {
      await db
        .insert(settings)
        .values({ key, value, updatedBy: userId })
        .onConflictDoUpdate({
          target: settings.key,
          set: { value, updatedBy: userId, updatedAt: new Date().toISOString() },
        });
    }
    cache.delete(key);
    for (const prefix of groupCache.keys()) if (key.startsWith(`${prefix}.`)) groupCache.delete(prefix);
  }
}
