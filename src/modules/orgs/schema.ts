import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from '../../platform/db/columns';

/**
 * One node of the organisation tree: an area, an agency, a new organisation or a Party organisation.
 * `path` is the materialised path of ids (`/root/child/self/`) that every scope filter uses.
 */
export const units = pgTable(
  'units',
  {
    id: id(),
    // The banner (or higher root) this unit belongs to: the future distribution key.
    bannerId: uuid('banner_id'),
    parentId: uuid('parent_id').references((): AnyPgColumn => units.id),
    name: text('name').notNull(),
    shortName: text('short_name'),
    type: text('type').notNull(),
    code: text('code'),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    pinyin: text('pinyin').notNull().default(''),
    // What the tree's search matches: name, pinyin key and code, lower-cased once when written.
    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(name) || ' ' || pinyin || ' ' || lower(coalesce(code, ''))`,
    ),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true, mode: 'string' }),
    deactivatedBy: uuid('deactivated_by'),
    deactivationReason: text('deactivation_reason'),
    ...timestamps(),
  },
  (t) => [
    index('units_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('units_parent_idx').on(t.parentId, t.sortOrder, t.name),
    index('units_banner_idx').on(t.bannerId),
    // The search's pairs of adjacent characters (search_bigrams, a function of migration 0004): a
    // search of two or more characters reads the units holding all of the query's pairs from this
    // index instead of testing every unit's text. Chinese names are matched by two-character words.
    index('units_search_idx').using('gin', sql`search_bigrams(${t.searchText})`),
  ],
);
