// Tables of the voice module; src/platform/db/tables.ts re-exports them. The 三问 items themselves are
// rows of the case engine's `cases` table (type voice.item, kind in details).
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases } from '../../platform/cases/schema';
import { id } from '../../platform/db/columns';
import { units } from '../orgs/schema';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The published version of a reply (公开答复): the matter and the reply as staff chose to publish
 * them, never the submitter's name or contact. Withdrawing keeps the row (history is data).
 */
export const voicePublications = pgTable(
  'voice_publications',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    question: text('question').notNull(),
    reply: text('reply').notNull(),
    /** The unit that replied, named on the public page. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    publishedAt: instant('published_at').notNull().defaultNow(),
    publishedBy: uuid('published_by'),
    withdrawnAt: instant('withdrawn_at'),
    withdrawnBy: uuid('withdrawn_by'),
  },
  (t) => [
    uniqueIndex('voice_publications_case_idx').on(t.caseId),
    index('voice_publications_published_idx').on(t.publishedAt),
  ],
);
