import {
  boolean,
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
import { sql } from 'drizzle-orm';
import { users } from '../../platform/auth/schema';
import { id } from '../../platform/db/columns';
import type { Evidence, IndicatorGroup } from '../../platform/indicators/registry';
import { units } from '../orgs/schema';
import { people } from '../people/schema';
import type { BlockTemplate, DraftContent } from './dutyReport/model';

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

/** A frozen group as shown: its value and how many records it counted (the ids are in `breakdown`). */
export interface FrozenGroup {
  key: string;
  label: string;
  value: number | null;
  entity: string;
  count: number;
}

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
    // The figure as the snapshot page shows it, kept beside the ids so reading a snapshot never loads
    // them: how many records were counted, and each group without its ids.
    // Derived by PostgreSQL on insert (migration 0002 defines jiceng_frozen_groups).
    evidenceEntity: text('evidence_entity').generatedAlwaysAs(sql`evidence->>'entity'`),
    evidenceCount: integer('evidence_count').generatedAlwaysAs(sql`jsonb_array_length(evidence->'ids')`),
    groups: jsonb('groups').$type<FrozenGroup[]>().generatedAlwaysAs(sql`jiceng_frozen_groups(breakdown)`),
  },
  (t) => [uniqueIndex('indicator_snapshot_values_key_idx').on(t.snapshotId, t.key)],
);

/**
 * A duty report template (述职报告模板): ordered blocks of headings, paragraphs (free text mixed with
 * placeholders bound to indicators) and record lists, stored as data (see dutyReport/model.ts).
 */
export const reportTemplates = pgTable('report_templates', {
  id: id(),
  name: text('name').notNull(),
  title: text('title').notNull(),
  sections: jsonb('sections').$type<BlockTemplate[]>().notNull(),
  /** The shipped default: created on first use, one per database. */
  isDefault: boolean('is_default').notNull().default(false),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/**
 * A person's duty report for one year. The unit decides who may see it; the author's posts in the year
 * (duty_report_posts) decide the scopes its placeholders compute over. Drafts and edits are versions;
 * a locked report has a frozen snapshot and changes no more.
 */
export const dutyReports = pgTable(
  'duty_reports',
  {
    id: id(),
    bannerId: uuid('banner_id'),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => people.id),
    year: integer('year').notNull(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => reportTemplates.id),
    /** 'draft' | 'locked'. */
    status: text('status').notNull().default('draft'),
    snapshotId: uuid('snapshot_id').references(() => indicatorSnapshots.id),
    lockedAt: timestamp('locked_at', { withTimezone: true, mode: 'string' }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('duty_reports_unit_idx').on(t.unitId, t.year),
    index('duty_reports_author_idx').on(t.authorId),
  ],
);

/**
 * A post the author held in the report year (entered on the report until a cadres module supplies
 * posts). Half-open [from, to); to null while still held.
 */
export const dutyReportPosts = pgTable(
  'duty_report_posts',
  {
    id: id(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => dutyReports.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }),
    supervisedUnitIds: jsonb('supervised_unit_ids').$type<string[]>().notNull().default([]),
  },
  (t) => [index('duty_report_posts_report_idx').on(t.reportId, t.position)],
);

/** One version of a report's content: every draft, edit and the lock add one; none is ever changed. */
export const dutyReportVersions = pgTable(
  'duty_report_versions',
  {
    id: id(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => dutyReports.id),
    number: integer('number').notNull(),
    /** 'draft' | 'edit' | 'lock'. */
    kind: text('kind').notNull(),
    content: jsonb('content').$type<DraftContent>().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('duty_report_versions_number_idx').on(t.reportId, t.number)],
);
