// Tables of the grid module; src/platform/db/tables.ts re-exports them.
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
import { cases } from '../../platform/cases/schema';
import { id, timestamps } from '../../platform/db/columns';
import { partyMembers } from '../members/schema';
import { units } from '../orgs/schema';
import { people } from '../people/schema';

/** A GeoJSON geometry as stored: a Polygon or MultiPolygon in WGS 84 longitude/latitude. */
export interface GridBoundary {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}

/**
 * A grid (网格) under one 嘎查 or 社区. One grid may carry the codes of several former networks
 * (多网合一: 综治网格、城管网格 …), kept in `networkCodes`.
 */
export const grids = pgTable(
  'grids',
  {
    id: id(),
    bannerId: uuid('banner_id'),
    /** The 嘎查/社区 the grid belongs to; scope follows this unit. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    /** The banner-wide grid code (e.g. 150000-0101-03). */
    code: text('code').notNull(),
    networkCodes: jsonb('network_codes')
      .$type<Array<{ network: string; code: string }>>()
      .notNull()
      .default([]),
    boundary: jsonb('boundary').$type<GridBoundary | null>(),
    /** A point inside the grid for labels and the map's default view. */
    centerLat: doublePrecision('center_lat'),
    centerLng: doublePrecision('center_lng'),
    /** The boundary's bounding box, so a point lookup scans only nearby grids. */
    minLng: doublePrecision('min_lng'),
    minLat: doublePrecision('min_lat'),
    maxLng: doublePrecision('max_lng'),
    maxLat: doublePrecision('max_lat'),
    description: text('description').notNull().default(''),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('grids_code_idx').on(t.code),
    index('grids_unit_idx').on(t.unitId),
    uniqueIndex('grids_unit_name_idx').on(t.unitId, t.name).where(sql`${t.active}`),
    index('grids_box_idx').on(t.minLng, t.maxLng),
  ],
);

/** A grid worker (网格员) assigned to a grid: a person, with the user account they sign in with if any. */
export const gridWorkers = pgTable(
  'grid_workers',
  {
    id: id(),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    /** 专职 fullTime / 兼职 partTime. */
    kind: text('kind').notNull().default('fullTime'),
    phone: text('phone').notNull().default(''),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    index('grid_workers_grid_idx').on(t.gridId),
    index('grid_workers_person_idx').on(t.personId),
    uniqueIndex('grid_workers_grid_person_idx').on(t.gridId, t.personId).where(sql`${t.active}`),
  ],
);

/**
 * The event categories (事件分类), a two-level tree edited by staff; the defaults are written on first
 * use (see events/categories.ts).
 */
export const eventCategories = pgTable(
  'grid_event_categories',
  {
    key: text('key').primaryKey(),
    parentKey: text('parent_key'),
    name: text('name').notNull(),
    /** The unit type that usually handles events of this category (a key of orgs' unitTypes), a hint when dispatching. */
    handlingUnitType: text('handling_unit_type'),
    position: integer('position').notNull().default(0),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [index('grid_event_categories_parent_idx').on(t.parentKey)],
);

/**
 * What the grid module knows about a grid event beyond the case engine's row: the grid it happened in,
 * its category, where the report came from, and the client's idempotency key (a retried post from the
 * phone app finds the event it already created).
 */
export const gridEvents = pgTable(
  'grid_events',
  {
    caseId: uuid('case_id')
      .primaryKey()
      .references(() => cases.id),
    gridId: uuid('grid_id').references(() => grids.id),
    categoryKey: text('category_key').notNull(),
    /** gridWorker 网格员上报 / portal 群众上报 / open311 / staff 工作人员登记. */
    source: text('source').notNull(),
    /** The reporting user, null for residents (portal, Open311). */
    reportedBy: uuid('reported_by'),
    /** Who the idempotency key belongs to: the user id, or the source for residents. */
    reporterKey: text('reporter_key').notNull(),
    idempotencyKey: text('idempotency_key'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    // With the case id, so a grid's or a reporter's cases are found from the index alone.
    index('grid_events_grid_idx').on(t.gridId, t.caseId),
    // "Mine" in the grid worker's list: the events a user reported, wherever they are now.
    index('grid_events_reporter_idx').on(t.reportedBy, t.caseId),
    uniqueIndex('grid_events_idempotency_idx')
      .on(t.reporterKey, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
  ],
);

/**
 * API keys of Open311 clients (city-service apps that file events through GeoReport v2). Only the
 * SHA-256 of a key is kept; the key itself is shown once when it is issued.
 */
export const open311Keys = pgTable(
  'open311_api_keys',
  {
    id: id(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('open311_api_keys_hash_idx').on(t.keyHash)],
);

/** One person of a household: a person from `people` when known, else just the name. */
export interface HouseholdMember {
  personId: string | null;
  name: string;
  /** 户主 head, 配偶 spouse, 子女 child … free text. */
  relation: string;
}

/**
 * A household (住户) registered in a grid. The contact phone and the special-care categories (低保、
 * 特困、残疾 …) are personal data: stored encrypted, shown masked or hidden without grid.readSensitive.
 */
export const households = pgTable(
  'grid_households',
  {
    id: id(),
    bannerId: uuid('banner_id'),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id),
    address: text('address').notNull(),
    headPersonId: uuid('head_person_id').references(() => people.id),
    headName: text('head_name').notNull(),
    members: jsonb('members').$type<HouseholdMember[]>().notNull().default([]),
    phoneCipher: text('phone_cipher'),
    phoneMasked: text('phone_masked'),
    /** The special-care category keys as encrypted JSON, null when none. */
    careCipher: text('care_cipher'),
    note: text('note').notNull().default(''),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [index('grid_households_grid_idx').on(t.gridId), index('grid_households_head_idx').on(t.headName)],
);

/**
 * A 党员中心户 (memberHousehold): a Party member who looks after the households linked to them in
 * one grid.
 */
export const memberHouseholds = pgTable(
  'grid_member_households',
  {
    id: id(),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id),
    partyMemberId: uuid('party_member_id')
      .notNull()
      .references(() => partyMembers.id),
    note: text('note').notNull().default(''),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    index('grid_member_households_grid_idx').on(t.gridId),
    uniqueIndex('grid_member_households_member_idx').on(t.gridId, t.partyMemberId).where(sql`${t.active}`),
  ],
);

/** The households a 党员中心户 looks after. */
export const memberHouseholdLinks = pgTable(
  'grid_member_household_links',
  {
    memberHouseholdId: uuid('member_household_id')
      .notNull()
      .references(() => memberHouseholds.id),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
  },
  (t) => [
    uniqueIndex('grid_member_household_links_idx').on(t.memberHouseholdId, t.householdId),
    index('grid_member_household_links_household_idx').on(t.householdId),
  ],
);

/**
 * A co-building unit (共驻共建单位): an agency, company or school in the area, registered by a unit and
 * paired with 嘎查/社区 (see coBuildingPairs).
 */
export const coBuildingUnits = pgTable(
  'co_building_units',
  {
    id: id(),
    bannerId: uuid('banner_id'),
    /** The unit that keeps the record; scope follows it and the paired units. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    /** agency 机关, enterprise 企业, institution 事业单位, school 学校, socialOrg 社会组织, other 其他. */
    kind: text('kind').notNull(),
    contactName: text('contact_name').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [index('co_building_units_unit_idx').on(t.unitId)],
);

/** Which 嘎查/社区 a co-building unit is paired with. */
export const coBuildingPairs = pgTable(
  'co_building_pairs',
  {
    coBuildingUnitId: uuid('co_building_unit_id')
      .notNull()
      .references(() => coBuildingUnits.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [
    uniqueIndex('co_building_pairs_idx').on(t.coBuildingUnitId, t.unitId),
    index('co_building_pairs_unit_idx').on(t.unitId),
  ],
);

/**
 * The lists of a co-building pairing: a community's needs (需求清单), the unit's resources (资源清单)
 * and the projects they carry out together (项目清单) with their progress.
 */
export const coBuildingItems = pgTable(
  'co_building_items',
  {
    id: id(),
    coBuildingUnitId: uuid('co_building_unit_id')
      .notNull()
      .references(() => coBuildingUnits.id),
    /** need / resource / project. */
    kind: text('kind').notNull(),
    /** The paired 嘎查/社区 the item is about, if one. */
    unitId: uuid('unit_id').references(() => units.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** Projects: planned 计划中 / ongoing 推进中 / done 已完成 / stopped 已终止. */
    status: text('status').notNull().default('planned'),
    percent: integer('percent').notNull().default(0),
    startOn: date('start_on', { mode: 'string' }),
    endOn: date('end_on', { mode: 'string' }),
    completedOn: date('completed_on', { mode: 'string' }),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [index('co_building_items_unit_idx').on(t.coBuildingUnitId, t.kind)],
);

/**
 * A grid worker's patrol (巡查): when it started and ended and the positions on the way. The client's
 * idempotency key is unique, so a retried upload from the phone finds the patrol it already stored.
 */
export const patrols = pgTable(
  'grid_patrols',
  {
    id: id(),
    idempotencyKey: uuid('idempotency_key').notNull(),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    userId: uuid('user_id'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }).notNull(),
    track: jsonb('track').$type<Array<{ lat: number; lng: number; at: string }>>().notNull().default([]),
    distanceMetres: integer('distance_metres').notNull().default(0),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('grid_patrols_idempotency_idx').on(t.idempotencyKey),
    index('grid_patrols_grid_idx').on(t.gridId, t.startedAt),
  ],
);
