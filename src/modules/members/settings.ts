import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http/context';
import type { DbOrTx } from '../../platform/db';
import { readSettingGroup, writeSettings } from '../../platform/settings/service';

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
  const stored = await readSettingGroup(db, 'members');
  const result: MemberSettings = { ...memberSettingDefaults };
  for (const [key, value] of stored) {
    if (key in result && typeof value === 'number' && Number.isFinite(value)) {
      result[key as MemberSettingKey] = value;
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
    await writeSettings(
      tx,
      Object.fromEntries(Object.entries(input).map(([key, value]) => [`members.${key}`, value])),
      ctx.actor.userId,
    );
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
