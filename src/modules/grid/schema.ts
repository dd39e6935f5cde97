// Tables of the grid module; src/platform/db/tables.ts re-exports them.
import { sql } from 'drizzle-orm';
import {
  boolean,
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
    index('grid_events_grid_idx').on(t.gridId),
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
