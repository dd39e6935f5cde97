import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { units } from '../../modules/orgs/schema';
import { users } from '../auth/schema';
import { id } from '../db/columns';

/**
 * An inbox entry. Addressed to one user (user_id), or to a unit (user_id null): then everyone holding
 * `permission` at that unit or above sees it. The dedupe key makes scheduled producers idempotent: the
 * same warning for the same organisation, rule and period is written once however often a tick runs.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id').references(() => users.id),
    /** The unit the notice is about (and, for unit-addressed notices, who sees it). */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** For unit-addressed notices: the permission a reader must hold at the unit (e.g. meetings.write). */
    permission: text('permission'),
    /** Producer-defined kind, e.g. meetings.compliance.warning. */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** Where the notice leads in the web app (a path like /meetings/new?unitId=…). */
    link: text('link'),
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'string' }),
    /** Set by the producer when the matter is settled (the missing meeting was recorded). */
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('notifications_dedupe_idx').on(t.dedupeKey),
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unit_idx').on(t.unitId),
  ],
);
