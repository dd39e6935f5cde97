import {
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema';
import { id } from '../../platform/db/columns';
import type { Evidence, IndicatorGroup } from '../../platform/indicators/registry';
import { units } from '../orgs/schema';

/**
 * A snapshot: every registered indicator frozen for one unit's subtree and one period, so a locked
 * report stays reproducible when late records arrive. Immutable: no row of it is ever updated or deleted.
 */
export const indicatorSnapshots = pgTable(
  'indicator_snapshots',
  {
    id: id(),
    bannerId: uuid('banner_id'),
    // The unit whose subtree was frozen: decides who may read the snapshot.
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    // The unit's name when frozen, so the snapshot reads the same after a rename.
    unitName: text('unit_name').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    label: text('label').notNull(),
    /** 'frozen': complete and final (the only state today; reports may add their own later). */
    status: text('status').notNull().default('frozen'),
    indicatorCount: integer('indicator_count').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('indicator_snapshots_unit_idx').on(t.unitId, t.createdAt),
    index('indicator_snapshots_period_idx').on(t.periodFrom, t.periodTo),
  ],
);

/** One frozen figure of a snapshot: its value, its groups and the ids of the records it counted. */
export const indicatorSnapshotValues = pgTable(
  'indicator_snapshot_values',
  {
    id: id(),
    snapshotId: uuid('snapshot_id')
      .notNull()
      .references(() => indicatorSnapshots.id),
    key: text('key').notNull(),
    // Name, measure and module as registered when frozen: the snapshot outlives renames.
    name: text('name').notNull(),
    measureUnit: text('measure_unit').notNull(),
    module: text('module').notNull(),
    /** null means "no data", never 0. */
    value: doublePrecision('value'),
    evidence: jsonb('evidence').$type<Evidence>().notNull(),
    breakdown: jsonb('breakdown').$type<IndicatorGroup[]>(),
  },
  (t) => [uniqueIndex('indicator_snapshot_values_key_idx').on(t.snapshotId, t.key)],
);
