// Tables of the meetings module; src/platform/db/tables.ts re-exports them.
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from '../../platform/db/columns';
import { storedFiles } from '../../platform/files/schema';
import { partyMembers } from '../members/schema';
import { units } from '../orgs/schema';

/**
 * One activity of organisational life (支部党员大会, 党课, 组织生活会 …) held by a Party organisation.
 * Attendance counts are kept in step with the attendance rows so lists and indicators need no join.
 */
export const meetings = pgTable(
  'meetings',
  {
    id: id(),
    bannerId: uuid('banner_id'),
    /** The Party organisation that held it: decides scope. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** One of meetingKinds (branchAssembly, committeeMeeting …). */
    kind: text('kind').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    place: text('place').notNull(),
    host: text('host').notNull(),
    topic: text('topic').notNull(),
    minutes: text('minutes'),
    /** People attending who are not members of the organisation (列席: superiors, guests). */
    guests: text('guests'),
    /** For a hearing (听取汇报): the supervised unit that reported. */
    reportingUnitId: uuid('reporting_unit_id').references(() => units.id),
    expectedFull: integer('expected_full').notNull().default(0),
    expectedProbationary: integer('expected_probationary').notNull().default(0),
    presentFull: integer('present_full').notNull().default(0),
    presentProbationary: integer('present_probationary').notNull().default(0),
    /**
     * For a 支部党员大会: more than half of the members with voting rights (full members) present.
     * Null for other kinds. A failed quorum is a warning on the record, not a refusal.
     */
    quorumMet: boolean('quorum_met'),
    /** submitted | approved | returned | voided (see meetingStatuses). */
    status: text('status').notNull().default('submitted'),
    /** The reason of the last send-back or voiding, shown on the record. */
    statusReason: text('status_reason'),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    ...timestamps(),
  },
  (t) => [
    index('meetings_unit_idx').on(t.unitId, t.heldOn),
    index('meetings_kind_idx').on(t.kind, t.heldOn),
    index('meetings_status_idx').on(t.status),
  ],
);

/**
 * The days of the counted meetings (submitted or approved) of each organisation, kind and calendar
 * year, as day numbers (`held_on - date '1970-01-01'`): what the compliance figures read instead of a
 * year of meetings. Kept by the triggers of drizzle/0006_meeting_days.sql, which add a meeting's day
 * when it starts to count and take one away when it stops; a day appears once per meeting, in no
 * particular order, and a key whose meetings all stopped counting keeps an empty list.
 */
export const meetingDays = pgTable(
  'meeting_days',
  {
    year: integer('year').notNull(),
    unitId: uuid('unit_id').notNull(),
    kind: text('kind').notNull(),
    days: integer('days').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.unitId, t.kind] })],
);

/** Every expected member of a meeting: present, or absent with a reason. Category is as on the day. */
export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => partyMembers.id),
    /** full | probationary, as on the meeting date. */
    category: text('category').notNull(),
    present: boolean('present').notNull(),
    absenceReason: text('absence_reason'),
  },
  (t) => [
    uniqueIndex('meeting_attendance_member_idx').on(t.meetingId, t.memberId),
    index('meeting_attendance_member_lookup_idx').on(t.memberId),
  ],
);

/** A file attached to a meeting: photos and the sign-in sheet. */
export const meetingAttachments = pgTable(
  'meeting_attachments',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id),
    /** photo | signInSheet */
    kind: text('kind').notNull(),
  },
  (t) => [uniqueIndex('meeting_attachments_file_idx').on(t.meetingId, t.fileId)],
);

/**
 * The history of a record as rows: submitted, updated, resubmitted, approved, returned, voided — with
 * who, when, the states before and after and the reason.
 */
export const meetingEvents = pgTable(
  'meeting_events',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    /** submit | update | resubmit | approve | return | void */
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('meeting_events_meeting_idx').on(t.meetingId, t.at)],
);

/**
 * A compliance rule (local setting, seeded from RULES §1): which activity, how often, for which
 * organisation types, and how many days before the period end the warning appears.
 */
export const meetingRules = pgTable(
  'meeting_rules',
  {
    id: id(),
    /** Stable key of a seeded default (branchAssembly.quarter …); null for rules added locally. */
    seedKey: text('seed_key'),
    kind: text('kind').notNull(),
    requiredCount: integer('required_count').notNull().default(1),
    /** month | quarter | year */
    period: text('period').notNull(),
    unitTypes: jsonb('unit_types').$type<string[]>().notNull(),
    requiresPartyGroups: boolean('requires_party_groups').notNull().default(false),
    warningDays: integer('warning_days').notNull().default(15),
    enabled: boolean('enabled').notNull().default(true),
    note: text('note'),
    updatedBy: uuid('updated_by'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('meeting_rules_seed_idx').on(t.seedKey)],
);

/** An item of the rectification list drawn up at a 组织生活会, tracked to completion. */
export const rectificationItems = pgTable(
  'rectification_items',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    description: text('description').notNull(),
    responsible: text('responsible').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** open | inProgress | done */
    status: text('status').notNull().default('open'),
    completionNote: text('completion_note'),
    completedOn: date('completed_on', { mode: 'string' }),
    ...timestamps(),
  },
  (t) => [
    index('rectification_items_meeting_idx').on(t.meetingId),
    index('rectification_items_status_idx').on(t.status, t.dueOn),
  ],
);

/** The grade a member received in a 民主评议党员, recorded on that meeting. */
export const memberReviewGrades = pgTable(
  'member_review_grades',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => partyMembers.id),
    /** excellent | qualified | basicallyQualified | unqualified */
    grade: text('grade').notNull(),
    note: text('note'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('member_review_grades_member_idx').on(t.meetingId, t.memberId)],
);
