import { date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
    /** 'active' (在册), 'transferredOut' (转出), 'suspended' (停止党籍), 'removed' (除名/出党), 'deceased' (去世). */
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
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('party_members_person_idx').on(t.personId),
    index('party_members_unit_idx').on(t.unitId),
    index('party_members_category_idx').on(t.category, t.status),
  ],
);
