import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Editable rules and settings (password policy, lockout, session timeout …), one row per key. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});
