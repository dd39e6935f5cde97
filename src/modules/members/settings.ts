import { like } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http/context';
import type { DbOrTx } from '../../platform/db';
import { settings } from '../../platform/settings/schema';

/**
 * The members module's editable rules (RULES §2), stored as rows of the platform `settings` table
 * under `members.*` keys; a missing row means the default below.
 */
export const memberSettingDefaults = {
  /** Days before the end of probation when the conversion reminder appears. */
  'members.conversionReminderDays': 30,
  /** Months away without a transfer before a member counts as mobile (流动党员). */
  'members.mobileAfterMonths': 6,
  /** Months without contact before a member counts as out of contact (失联). */
  'members.outOfContactAfterMonths': 6,
  /** Validity of an introduction letter inside the province, in months (RULES §2, confidence L). */
  'members.letterValidMonths': 3,
  /** Validity of an introduction letter to another province, in months (confidence L). */
  'members.letterValidMonthsOutsideProvince': 6,
} as const;

export type MemberSettingKey = keyof typeof memberSettingDefaults;
export type MemberSettings = { -readonly [K in MemberSettingKey]: number };

/** Every members setting, falling back to its default; one query. */
export async function getMemberSettings(db: DbOrTx): Promise<MemberSettings> {
  const rows = await db
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(like(settings.key, 'members.%'));
  const result: MemberSettings = { ...memberSettingDefaults };
  for (const row of rows) {
    if (row.key in result && typeof row.value === 'number' && Number.isFinite(row.value)) {
      result[row.key as MemberSettingKey] = row.value;
    }
  }
  return result;
}

/** The settings as the API shows them (without the `members.` prefix). */
export function settingsViewOf(s: MemberSettings) {
  return {
    conversionReminderDays: s['members.conversionReminderDays'],
    mobileAfterMonths: s['members.mobileAfterMonths'],
    outOfContactAfterMonths: s['members.outOfContactAfterMonths'],
    letterValidMonths: s['members.letterValidMonths'],
    letterValidMonthsOutsideProvince: s['members.letterValidMonthsOutsideProvince'],
  };
}

/**
 * Changes the members settings. They apply to the whole installation, so only an actor who holds
 * the permission at a root of the tree (the banner's organisation department) may change them.
 */
export async function updateMemberSettings(
  ctx: RequestContext,
  input: Partial<ReturnType<typeof settingsViewOf>>,
): Promise<ReturnType<typeof settingsViewOf>> {
  const atRoot = ctx.scope.paths.some((path) => path.split('/').filter(Boolean).length <= 1);
  if (!atRoot) throw new AppError('FORBIDDEN');
  return ctx.db.transaction(async (tx) => {
    const before = await getMemberSettings(tx);
    const changes = Object.entries(input).filter(([, value]) => value !== undefined) as [string, number][];
    for (const [key, value] of changes) {
      await tx
        .insert(settings)
        .values({ key: `members.${key}`, value, updatedBy: ctx.actor.userId })
        .onConflictDoUpdate({
          target: settings.key,
          set: { value, updatedBy: ctx.actor.userId, updatedAt: new Date().toISOString() },
        });
    }
    const after = await getMemberSettings(tx);
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'setting',
      entityId: null,
      action: 'update.members',
      before: settingsViewOf(before),
      after: settingsViewOf(after),
    });
    return settingsViewOf(after);
  });
}
