import { date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from '../../platform/db/columns';
import { units } from '../orgs/schema';

/**
 * One person identity shared by every module. The ID number is stored only encrypted (SM4) with an
 * SM3-HMAC blind index for exact lookup and a masked copy for display.
 */
export const people = pgTable(
  'people',
  {
    id: id(),
    bannerId: uuid('banner_id'),
    // The unit that keeps this person's record: decides who may see it.
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull().default(''),
    gender: text('gender').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    ethnicity: text('ethnicity'),
    idNumberCipher: text('id_number_cipher').notNull(),
    idNumberIndex: text('id_number_index').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    phoneCipher: text('phone_cipher'),
    phoneMasked: text('phone_masked'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('people_id_number_index_idx').on(t.idNumberIndex),
    index('people_unit_idx').on(t.unitId),
    index('people_name_idx').on(t.name),
  ],
);
