// Tables of the resident portal; src/platform/db/tables.ts re-exports them. Captchas and the counts
// behind the abuse limits live in the database, so several app instances share them.
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { storedFiles } from '../../platform/files/schema';
import { id } from '../../platform/db/columns';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One captcha challenge: answered once, within its lifetime. */
export const portalCaptchas = pgTable(
  'portal_captchas',
  {
    id: id(),
    /** The characters drawn, upper-case. Server-side only; never sent to the browser as text. */
    answer: text('answer').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('portal_captchas_expires_idx').on(t.expiresAt)],
);

/** A photo a resident uploaded through the portal, until a submission claims it. */
export const portalUploads = pgTable(
  'portal_uploads',
  {
    fileId: uuid('file_id')
      .primaryKey()
      .references(() => storedFiles.id),
    /** Blind index of the client address (for the per-address limit), never the address itself. */
    ipIndex: text('ip_index').notNull(),
    claimedAt: instant('claimed_at'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('portal_uploads_ip_idx').on(t.ipIndex, t.createdAt)],
);

/** One accepted portal submission (三问 item or event), counted by the per-phone and per-address limits. */
export const portalSubmissions = pgTable(
  'portal_submissions',
  {
    id: id(),
    /** voice | event */
    kind: text('kind').notNull(),
    caseId: uuid('case_id').notNull(),
    phoneIndex: text('phone_index').notNull(),
    ipIndex: text('ip_index').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('portal_submissions_phone_idx').on(t.phoneIndex, t.createdAt),
    index('portal_submissions_ip_idx').on(t.ipIndex, t.createdAt),
  ],
);
