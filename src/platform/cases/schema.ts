// Tables of the case engine; src/platform/db/tables.ts re-exports them.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { units } from '../../modules/orgs/schema';
import { people } from '../../modules/people/schema';
import { id } from '../db/columns';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A paused stretch of the close-by clock, as stored (ISO instants). */
export interface StoredPause {
  from: string;
  to: string;
}

/**
 * One case of any case type (grid event, 三问 item, petition). The current state and clocks are kept
 * in step with the case_events rows in the same transaction; `version` guards concurrent edits.
 */
export const cases = pgTable(
  'cases',
  {
    id: id(),
    bannerId: uuid('banner_id'),
    /** The case type key (`grid.event`, `voice.item` …), see definition.ts. */
    type: text('type').notNull(),
    /** Tracking code a resident uses to follow the case. */
    code: text('code').notNull(),
    /** The unit currently responsible: decides who may see and act on the case. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    state: text('state').notNull(),
    /** Submitter identity: shown only to holders of the type's identityVisibleTo permission. */
    submitterPersonId: uuid('submitter_person_id').references(() => people.id),
    submitterName: text('submitter_name'),
    /** Blind index of the submitter (phone or ID number) for repeat detection; never shown. */
    submitterIndex: text('submitter_index'),
    submitterContactCipher: text('submitter_contact_cipher'),
    submitterContactMasked: text('submitter_contact_masked'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    category: text('category'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** Case-type specific fields. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default([]),
    version: integer('version').notNull().default(1),
    acceptBy: instant('accept_by'),
    acceptedAt: instant('accepted_at'),
    /** When the close-by clock started (intake or acceptance; reopening restarts it). */
    closeClockStart: instant('close_clock_start'),
    closeBy: instant('close_by'),
    closedAt: instant('closed_at'),
    pausedSince: instant('paused_since'),
    pauses: jsonb('pauses').$type<StoredPause[]>().notNull().default([]),
    extended: boolean('extended').notNull().default(false),
    escalationLevel: integer('escalation_level').notNull().default(0),
    /** Incremented on every reopening: escalation steps are unique per cycle. */
    cycle: integer('cycle').notNull().default(0),
    rating: integer('rating'),
    ratingReasons: jsonb('rating_reasons').$type<string[]>(),
    ratedAt: instant('rated_at'),
    reopenedCount: integer('reopened_count').notNull().default(0),
    /** The earlier case this one repeats; chainId is the first case of the chain. */
    repeatOfId: uuid('repeat_of_id').references((): AnyPgColumn => cases.id),
    chainId: uuid('chain_id'),
    createdBy: uuid('created_by'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cases_code_idx').on(t.code),
    // Lists and counts by type and unit read only this index (created_at and id ride along for the
    // worklists' order and joins), not the wide rows.
    index('cases_type_unit_idx').on(t.type, t.unitId, t.createdAt, t.id),
    index('cases_type_created_idx').on(t.type, t.createdAt),
    index('cases_open_idx').on(t.type, t.closedAt, t.closeBy),
    index('cases_submitter_idx').on(t.type, t.submitterIndex),
    index('cases_chain_idx').on(t.chainId),
  ],
);

/**
 * Every transition of a case: the history is the truth. An escalation row carries its cycle and level,
 * unique per case, so a step fires once however many app instances run the tick.
 */
export const caseEvents = pgTable(
  'case_events',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    /** The responsible unit after the event. */
    unitId: uuid('unit_id').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    at: instant('at').notNull().defaultNow(),
    note: text('note'),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default([]),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    escalationCycle: integer('escalation_cycle'),
    escalationLevel: integer('escalation_level'),
  },
  (t) => [
    index('case_events_case_idx').on(t.caseId, t.at),
    uniqueIndex('case_events_escalation_idx')
      .on(t.caseId, t.escalationCycle, t.escalationLevel)
      .where(sql`escalation_level is not null`),
  ],
);

/**
 * The configurable holiday calendar: dates whose working status differs from Monday–Friday.
 * is_workday false = a public holiday on a weekday; true = a make-up working day (调休) on a weekend.
 */
export const caseHolidays = pgTable('case_holidays', {
  date: date('date', { mode: 'string' }).primaryKey(),
  isWorkday: boolean('is_workday').notNull(),
  name: text('name').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

/** The counted columns of the monthly roll-up, the same in its table of folded rows and of changes. */
const monthlyCounts = () => ({
  type: text('type').notNull(),
  unitId: uuid('unit_id').notNull(),
  /** The first day of the China month. */
  month: date('month', { mode: 'string' }).notNull(),
  /** Cases created in the month, and of those, linked as repeats. */
  received: integer('received').notNull().default(0),
  repeats: integer('repeats').notNull().default(0),
  /** Cases accepted (or refused) in the month, and of those, within their accept-by deadline. */
  accepted: integer('accepted').notNull().default(0),
  acceptedOnTime: integer('accepted_on_time').notNull().default(0),
  /** Cases closed in the month, of those within their close-by deadline, and their seconds open. */
  closed: integer('closed').notNull().default(0),
  closedOnTime: integer('closed_on_time').notNull().default(0),
  handledSeconds: numeric('handled_seconds').notNull().default('0'),
  /** Cases closed in the month with a rating of 1 … 5. */
  rated1: integer('rated_1').notNull().default(0),
  rated2: integer('rated_2').notNull().default(0),
  rated3: integer('rated_3').notNull().default(0),
  rated4: integer('rated_4').notNull().default(0),
  rated5: integer('rated_5').notNull().default(0),
});

/**
 * Monthly roll-up of the cases' period counts, by type, responsible unit and China month: what the
 * indicators' counts read for the whole months of a period instead of a year of cases. One row per key;
 * a key whose cases all moved to another unit keeps a row of zeros.
 */
export const caseMonthly = pgTable('case_monthly', monthlyCounts(), (t) => [
  primaryKey({ columns: [t.type, t.month, t.unitId] }),
]);

/**
 * Changes to the roll-up not yet folded into it. Triggers on `cases` (drizzle/0005_case_monthly.sql)
 * append what each insert, update of a counted column or delete takes away and adds, so writers never
 * wait on a shared row; `jiceng_case_monthly_fold()` moves them into case_monthly. A figure sums both
 * tables, so it is the same before and after folding.
 */
export const caseMonthlyChanges = pgTable('case_monthly_changes', monthlyCounts());
