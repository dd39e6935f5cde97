// Tables of the elections module; src/platform/db/tables.ts re-exports them.
import { sql } from 'drizzle-orm';
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
import { id, timestamps } from '../../platform/db/columns';
import { units } from '../orgs/schema';
import { people } from '../people/schema';

/**
 * One 换届 of one 嘎查 or 社区 (RULES §3): the round, date, method, votes and term. The committees
 * elected are the `committee_posts` rows. A record entered by mistake is voided with a reason, never
 * deleted; the term end is derived from the date and term length and kept in step on every write.
 */
export const elections = pgTable(
  'elections',
  {
    id: id(),
    bannerId: uuid('banner_id'),
    // The 嘎查 or 社区 that held the election: decides scope.
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** The nation-wide round the election belongs to, by year (2021 = the first 5-year round). */
    roundYear: integer('round_year').notNull(),
    /** Session label as the unit counts it, e.g. 第十二届. */
    session: text('session'),
    electionDate: date('election_date', { mode: 'string' }).notNull(),
    /** 直接选举, 两推一选, 公推直选 … or free text. */
    method: text('method'),
    votesDue: integer('votes_due'),
    votesCast: integer('votes_cast'),
    votesValid: integer('votes_valid'),
    termYears: integer('term_years').notNull(),
    termEnd: date('term_end', { mode: 'string' }).notNull(),
    note: text('note'),
    voidedAt: timestamp('voided_at', { withTimezone: true, mode: 'string' }),
    voidedBy: uuid('voided_by'),
    voidReason: text('void_reason'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('elections_unit_round_idx').on(t.unitId, t.roundYear).where(sql`${t.voidedAt} is null`),
    index('elections_unit_date_idx').on(t.unitId, t.electionDate),
    index('elections_banner_idx').on(t.bannerId),
  ],
);

/**
 * A person holding a post elected in one election: in the Party organisation committee ('party'),
 * the villagers'/residents' committee ('villagers') or as head of the collective economic
 * organisation ('collective'). 一肩挑 and 交叉任职 are computed from these rows, never stored.
 */
export const committeePosts = pgTable(
  'committee_posts',
  {
    id: id(),
    electionId: uuid('election_id')
      .notNull()
      .references(() => elections.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    committee: text('committee').notNull(),
    post: text('post').notNull(),
    /** Education when elected (研究生 … 初中及以下); kept on the post because it changes over a life. */
    education: text('education'),
    sortOrder: integer('sort_order').notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('committee_posts_person_idx').on(t.electionId, t.committee, t.personId),
    index('committee_posts_person_lookup_idx').on(t.personId),
  ],
);

/**
 * A locally configured target on an elections indicator ("一肩挑比例 ≥ 100%"), how a locality writes
 * its "五个100%". Owned by the unit that set it and evaluated inside that unit's subtree.
 */
export const electionTargets = pgTable(
  'election_targets',
  {
    id: id(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    indicatorKey: text('indicator_key').notNull(),
    /** 'gte' (≥), 'lte' (≤) or 'eq' (=). */
    comparator: text('comparator').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    /** Unit types the target applies to: gacha, community or both. */
    unitTypes: jsonb('unit_types').$type<string[]>().notNull(),
    note: text('note'),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    ...timestamps(),
  },
  (t) => [index('election_targets_unit_idx').on(t.unitId)],
);
