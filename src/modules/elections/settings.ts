import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { settings } from '../../platform/settings/schema';

/** The editable rules of the elections module (RULES §3), stored in the platform settings table. */
export interface ElectionSettings {
  /** Term length in years for new elections; 5 since the 2018 amendment. */
  termYears: number;
  /** Months before the term end when the warning starts. */
  warningMonths: number;
  /** The round "elections completed" counts; null = the latest round with any election on record. */
  currentRound: number | null;
}

export const electionSettingDefaults: ElectionSettings = {
  termYears: 5,
  warningMonths: 6,
  currentRound: null,
};

const keys = {
  termYears: 'elections.termYears',
  warningMonths: 'elections.warningMonths',
  currentRound: 'elections.currentRound',
} as const satisfies Record<keyof ElectionSettings, string>;

/** Reads the elections settings, each falling back to its default. */
export async function electionSettings(db: DbOrTx): Promise<ElectionSettings> {
  const rows = await db
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(inArray(settings.key, Object.values(keys)));
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const read = <K extends keyof ElectionSettings>(key: K): ElectionSettings[K] =>
    (stored.has(keys[key]) ? stored.get(keys[key]) : electionSettingDefaults[key]) as ElectionSettings[K];
  return {
    termYears: read('termYears'),
    warningMonths: read('warningMonths'),
    currentRound: read('currentRound'),
  };
}

/** Stores the elections settings (the caller audits the change). */
export async function saveElectionSettings(
  db: DbOrTx,
  values: ElectionSettings,
  userId: string | null,
): Promise<void> {
  for (const [name, key] of Object.entries(keys) as [keyof ElectionSettings, string][]) {
    const value = values[name];
    // A null setting means "use the default": no row.
    if (value === null) {
      await db.delete(settings).where(eq(settings.key, key));
      continue;
    }
    await db
      .insert(settings)
      .values({ key, value, updatedBy: userId })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value, updatedBy: userId, updatedAt: new Date().toISOString() },
      });
  }
}
