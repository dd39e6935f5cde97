import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from '../../platform/db/columns';
import { units } from '../orgs/schema';
import { people } from '../people/schema';

/**
 * A Party member: one person (from `people`) kept by one Party organisation (a unit of the tree).
 * Category and status change only through recorded decisions; flags (mobile, out of contact) are
 * computed from the dates kept here, never stored.
 */
export const partyMembers = pgTable(
  'party_members',
  {
    id: id(),
    bannerId: uuid('banner_id'),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    // The Party organisation that keeps the member (党组织关系所在): decides scope.
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** 'full' (正式党员) or 'probationary' (预备党员). */
    category: text('category').notNull(),
    /**
     * 'active' (在册), 'transferredOut' (转出), 'suspended' (停止党籍), 'removed' (除名/出党),
     * 'deceased' (去世), 'cancelled' (取消预备党员资格).
     */
    status: text('status').notNull().default('active'),
    /** Date the branch general meeting approved admission (start of probation). */
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    /** Date of becoming a full member; null while probationary. */
    fullOn: date('full_on', { mode: 'string' }),
    education: text('education'),
    /** Party post held in the organisation (支部书记, 组织委员 …), free text from the glossary list. */
    post: text('post'),
    /** Away from the place of the organisation since (外出), for the mobile-member flag. */
    awaySince: date('away_since', { mode: 'string' }),
    /** Last contact with the organisation, for the out-of-contact flag. */
    lastContactOn: date('last_contact_on', { mode: 'string' }),
    /** Months the probation was extended by (6–12, once); kept in step with the extension decision. */
    probationExtensionMonths: integer('probation_extension_months'),
    /**
     * End of probation (joinedOn + 12 months + extension), kept in step with joinedOn and the decisions;
     * null once the member is full. Stored so the roster and indicators filter on it in SQL.
     */
    conversionDueOn: date('conversion_due_on', { mode: 'string' }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('party_members_person_idx').on(t.personId),
    index('party_members_unit_idx').on(t.unitId),
    index('party_members_category_idx').on(t.category, t.status),
  ],
);

/**
 * The history of a member as rows: every creation, edit, decision and transfer step, with who did it,
 * when, and the values before and after. Append-only.
 */
export const memberEvents = pgTable(
  'member_events',
  {
    id: id(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => partyMembers.id),
    /** create | import | update | decision | transferRequested | transferAccepted | transferReturned | transferCancelled | transferCompleted */
    kind: text('kind').notNull(),
    /** Short Chinese description shown in the history ("转正", "组织关系转出申请" …). */
    summary: text('summary').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('member_events_member_idx').on(t.memberId, t.at)],
);

/**
 * A recorded organisational decision about a member (转正, 延长预备期, 取消预备党员资格, 停止党籍 …):
 * the only way category or status change.
 */
export const memberDecisions = pgTable(
  'member_decisions',
  {
    id: id(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => partyMembers.id),
    /** conversion | extension | cancellation | suspension | reinstatement | removal | death */
    kind: text('kind').notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    /** Who approved: the meeting or body and, where known, the person (支部党员大会 / 上级党委 …). */
    approver: text('approver').notNull(),
    note: text('note'),
    /** For an extension: 6–12 months. */
    extensionMonths: integer('extension_months'),
    before: jsonb('before').notNull(),
    after: jsonb('after').notNull(),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('member_decisions_member_idx').on(t.memberId, t.decidedOn)],
);

/**
 * A transfer of a member's organisational relationship (组织关系转接). The member stays with the
 * sending organisation until the receiving one accepts; at most one open transfer per member.
 */
export const memberTransfers = pgTable(
  'member_transfers',
  {
    id: id(),
    bannerId: uuid('banner_id'),
    memberId: uuid('member_id')
      .notNull()
      .references(() => partyMembers.id),
    fromUnitId: uuid('from_unit_id')
      .notNull()
      .references(() => units.id),
    /** Receiving Party organisation inside the banner; null for a transfer out of the banner. */
    toUnitId: uuid('to_unit_id').references(() => units.id),
    /** Free-text destination of a transfer out of the banner (接收党组织名称). */
    destination: text('destination'),
    /** The destination lies in another province (the letter is then valid longer). */
    outsideProvince: boolean('outside_province').notNull().default(false),
    reason: text('reason').notNull(),
    requestedOn: date('requested_on', { mode: 'string' }).notNull(),
    /** pending | accepted | returned | cancelled */
    status: text('status').notNull().default('pending'),
    /** Introduction letter (介绍信) number, unique, e.g. 2026-0007. */
    letterNumber: text('letter_number').notNull(),
    letterValidUntil: date('letter_valid_until', { mode: 'string' }).notNull(),
    requestedBy: uuid('requested_by'),
    requestedByName: text('requested_by_name'),
    decidedOn: date('decided_on', { mode: 'string' }),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    /** Why the receiving side returned it, or why the sender withdrew it. */
    returnReason: text('return_reason'),
    ...timestamps(),
  },
  (t) => [
    // One open transfer per member, enforced by the database as well as the service.
    uniqueIndex('member_transfers_open_idx').on(t.memberId).where(sql`${t.status} = 'pending'`),
    uniqueIndex('member_transfers_letter_idx').on(t.letterNumber),
    index('member_transfers_from_idx').on(t.fromUnitId, t.status),
    index('member_transfers_to_idx').on(t.toUnitId, t.status),
  ],
);
