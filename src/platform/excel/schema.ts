import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One Excel import: the uploaded rows, their validation result and the commit outcome. */
export const importJobs = pgTable('import_jobs', {
  id: uuid('id').primaryKey(),
  kind: text('kind').notNull(),
  userId: uuid('user_id').notNull(),
  // The permission scope the upload was validated under, so commit re-checks the same subtrees.
  scope: jsonb('scope').$type<string[]>().notNull(),
  fileName: text('file_name').notNull(),
  status: text('status').notNull(),
  totalRows: integer('total_rows').notNull().default(0),
  validRows: integer('valid_rows').notNull().default(0),
  processedRows: integer('processed_rows').notNull().default(0),
  errors: jsonb('errors')
    .$type<Array<{ row: number; field: string; message: string }>>()
    .notNull()
    .default([]),
  rows: jsonb('rows').$type<Array<{ row: number; values: Record<string, string> }>>().notNull().default([]),
  message: text('message'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'string' }),
});
