// The editable rules of grid events (RULES: every rule is a configurable default), stored in the
// platform settings table: how soon after it happened a grid worker should report an event, and after
// how many days without the resident's rating staff may close a replied event.
import type { Actor } from '../../../platform/auth/actor';
import { auditActorOf } from '../../../platform/auth/service';
import { recordAudit } from '../../../platform/audit/writer';
import type { Db, DbOrTx } from '../../../platform/db';
import { readSettingGroup, writeSettings } from '../../../platform/settings/service';

export interface GridEventSettings {
  /** A grid worker's report counts as timely within this many hours of the event happening. */
  reportWithinHours: number;
  /** Staff may close (归档) a replied event the resident has not rated after this many days. */
  closeUnratedAfterDays: number;
}

export const gridEventSettingDefaults: GridEventSettings = {
  reportWithinHours: 24,
  closeUnratedAfterDays: 7,
};

const keys = {
  reportWithinHours: 'grid.event.reportWithinHours',
  closeUnratedAfterDays: 'grid.event.closeUnratedAfterDays',
} as const satisfies Record<keyof GridEventSettings, string>;

/** Reads the grid event settings, each falling back to its default. */
export async function gridEventSettings(db: DbOrTx): Promise<GridEventSettings> {
  const stored = await readSettingGroup(db, 'grid.event');
  const read = (key: keyof GridEventSettings) =>
    Number(stored.get(keys[key]) ?? gridEventSettingDefaults[key]);
  return {
    reportWithinHours: read('reportWithinHours'),
    closeUnratedAfterDays: read('closeUnratedAfterDays'),
  };
}

/** Stores the grid event settings, audited. */
export async function saveGridEventSettings(
  db: Db,
  actor: Actor,
  values: GridEventSettings,
): Promise<GridEventSettings> {
  return db.transaction(async (tx) => {
    const before = await gridEventSettings(tx);
    await writeSettings(
      tx,
      {
        [keys.reportWithinHours]: values.reportWithinHours,
        [keys.closeUnratedAfterDays]: values.closeUnratedAfterDays,
      },
      actor.userId,
    );
    await recordAudit(tx, auditActorOf(actor), {
      entity: 'settings',
      entityId: 'grid.event',
      action: 'update',
      before,
      after: values,
    });
    return values;
  });
}
