import type { DbOrTx } from '../../platform/db';
import { readSettingGroup, writeSettings } from '../../platform/settings/service';

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
  const stored = await readSettingGroup(db, 'elections');
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
  await writeSettings(
    db,
    Object.fromEntries(
      (Object.entries(keys) as [keyof ElectionSettings, string][]).map(([name, key]) => [key, values[name]]),
    ),
    userId,
  );
}
