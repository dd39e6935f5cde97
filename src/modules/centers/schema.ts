// Tables of the centers module; src/platform/db/tables.ts re-exports them.
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

/** A room of a centre and what it is used for (党员活动室 → 组织生活、党员教育). */
export interface CenterRoom {
  name: string;
  functions: string;
}

/** A person working at a centre; the phone appears on the public page only when `phonePublic`. */
export interface CenterStaff {
  name: string;
  role: string;
  phone: string | null;
  phonePublic: boolean;
}

/**
 * The Party–masses service centre (党群服务中心) of one 苏木镇, 嘎查 or 社区: one per unit. Its id is
 * also the non-guessable key of its public service page.
 */
export const serviceCenters = pgTable(
  'service_centers',
  {
    id: id(),
    bannerId: uuid('banner_id'),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    pinyin: text('pinyin').notNull().default(''),
    address: text('address').notNull().default(''),
    areaSqm: doublePrecision('area_sqm'),
    openingHours: text('opening_hours').notNull().default(''),
    rooms: jsonb('rooms').$type<CenterRoom[]>().notNull().default([]),
    staff: jsonb('staff').$type<CenterStaff[]>().notNull().default([]),
    photoIds: jsonb('photo_ids').$type<string[]>().notNull().default([]),
    /** inUse 已投入使用 / building 在建（改造中） / suspended 暂停服务. */
    status: text('status').notNull().default('inUse'),
    /** Upgrade (提档升级) plan: none 未列入 / planned 已列入计划 / inProgress 实施中 / completed 已完成. */
    upgradeStatus: text('upgrade_status').notNull().default('none'),
    upgradeNote: text('upgrade_note').notNull().default(''),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('service_centers_unit_idx').on(t.unitId),
    index('service_centers_banner_idx').on(t.bannerId),
  ],
);

/**
 * A standard checklist a locality writes for its centres ("五个三", "两站五室一广场"): owned by a unit,
 * applying to the centres of the given unit types inside that unit's subtree.
 */
export const centerStandards = pgTable(
  'center_standards',
  {
    id: id(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    unitTypes: jsonb('unit_types').$type<string[]>().notNull(),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [index('center_standards_unit_idx').on(t.unitId)],
);

/** One item of a standard; retired (active = false) rather than deleted, since assessments refer to it. */
export const centerStandardItems = pgTable(
  'center_standard_items',
  {
    id: id(),
    standardId: uuid('standard_id')
      .notNull()
      .references(() => centerStandards.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** photo 现场照片 / document 制度文件 / record 台账记录 / onSite 现场查看. */
    evidenceKind: text('evidence_kind').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [index('center_standard_items_standard_idx').on(t.standardId, t.sortOrder)],
);

/** One assessment of a centre against one standard on one date; never changed afterwards (history). */
export const centerAssessments = pgTable(
  'center_assessments',
  {
    id: id(),
    centerId: uuid('center_id')
      .notNull()
      .references(() => serviceCenters.id),
    standardId: uuid('standard_id')
      .notNull()
      .references(() => centerStandards.id),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    assessedBy: uuid('assessed_by'),
    assessorName: text('assessor_name').notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('center_assessments_center_idx').on(t.centerId, t.standardId, t.assessedOn)],
);

/** The result of one item in one assessment: met / partly / notMet, with evidence. */
export const centerAssessmentResults = pgTable(
  'center_assessment_results',
  {
    id: id(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => centerAssessments.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => centerStandardItems.id),
    result: text('result').notNull(),
    evidenceNote: text('evidence_note').notNull().default(''),
    fileIds: jsonb('file_ids').$type<string[]>().notNull().default([]),
  },
  (t) => [uniqueIndex('center_assessment_results_item_idx').on(t.assessmentId, t.itemId)],
);

/** One entry of a centre's 便民服务事项清单; removed items keep their row (removedAt) for the record. */
export const centerServiceItems = pgTable(
  'center_service_items',
  {
    id: id(),
    centerId: uuid('center_id')
      .notNull()
      .references(() => serviceCenters.id),
    name: text('name').notNull(),
    department: text('department').notNull().default(''),
    eligibility: text('eligibility').notNull().default(''),
    materials: jsonb('materials').$type<string[]>().notNull().default([]),
    /** null: settled on the spot (即时办结). */
    timeLimitDays: integer('time_limit_days'),
    /** working 工作日 / calendar 自然日. */
    timeLimitKind: text('time_limit_kind').notNull().default('working'),
    fee: text('fee').notNull().default('免费'),
    /** onSite 现场办理 / proxy 代办 / online 网上办理. */
    channels: jsonb('channels').$type<string[]>().notNull().default([]),
    contactPhone: text('contact_phone').notNull().default(''),
    sortOrder: integer('sort_order').notNull().default(0),
    published: boolean('published').notNull().default(true),
    removedAt: timestamp('removed_at', { withTimezone: true, mode: 'string' }),
    removedBy: uuid('removed_by'),
    ...timestamps(),
  },
  (t) => [
    index('center_service_items_center_idx').on(t.centerId, t.sortOrder).where(sql`${t.removedAt} is null`),
  ],
);
