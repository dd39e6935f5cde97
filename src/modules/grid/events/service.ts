// Grid events on the case engine: reporting (by grid workers, staff, the portal, Open311) with an
// idempotency key so a retried post never files a second event, and the event list with the grid
// module's own filters.
import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth/actor';
import {
  type CaseRow,
  cases,
  type CaseUnit,
  caseUnitColumns,
  type CaseView,
  createCase,
  listCases,
} from '../../../platform/cases';
import type { FieldCipher } from '../../../platform/crypto';
import { type Db, runPrepared, type StatementValues } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { pathInScope } from '../../../platform/scope';
import { units } from '../../orgs';
import { maskPhone } from '../../people';
import { findGridAt } from '../geo';
import { eventCategories, grids, gridEvents } from '../schema';
import { requireCategory } from './categories';
import { GRID_EVENT_TYPE, gridEventType } from './type';

export type EventSource = 'gridWorker' | 'portal' | 'open311' | 'staff';

export interface NewGridEvent {
  idempotencyKey?: string;
  gridId?: string;
  unitId?: string;
  lat?: number;
  lng?: number;
  categoryKey: string;
  title: string;
  description: string;
  attachmentIds?: string[];
  occurredAt?: Date;
  /** A street address as the reporter wrote it (Open311 address_string). */
  address?: string;
  /** A photo link the reporter's client gave (Open311 media_url); kept as text, never fetched. */
  mediaUrl?: string;
  reporter?: { name?: string; phone?: string };
  source: EventSource;
}

/** Postgres unique_violation. */
const isUniqueViolation = (error: unknown): boolean => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
};

type GridRow = typeof grids.$inferSelect;

/** Where an event is filed, with what the reporter check and the case engine need, read together. */
interface Place {
  grid: GridRow | null;
  unit: CaseUnit;
  /** The reporter's own grids, comma-separated (a plain string reads the same through pg and PGlite). */
  ownGrids: string;
  categoryActive: boolean;
}

/**
 * Where the event belongs — the given grid, else the grid at the position, else the given unit — with
 * its unit, the reporter's own grids and whether the category is active: one round trip for a report
 * into a named grid, which is how grid workers report.
 */
async function placeOf(db: Db, actor: Actor | null, input: NewGridEvent): Promise<Place> {
  const facts = {
    unit: caseUnitColumns,
    ownGrids: actor
      ? sql<string>`(
          select coalesce(string_agg(gw.grid_id::text, ','), '') from grid_workers gw
          join users u on u.person_id = gw.person_id
          where u.id = ${actor.userId} and gw.active)`
      : sql<string>`''`,
    categoryActive: sql<boolean>`exists(
      select 1 from ${eventCategories} c where c.key = ${input.categoryKey} and c.active)`,
  };
  if (input.gridId) {
    // Prepared: planning it took several times as long as running it.
    const [row] = await runPrepared(
      db
        .select({ grid: grids, ...facts })
        .from(grids)
        .innerJoin(units, eq(units.id, grids.unitId))
        .where(and(eq(grids.id, input.gridId), eq(grids.active, true))),
    );
    if (row) return row;
    await requireCategory(db, input.categoryKey);
    throw new AppError('GRID_NOT_FOUND');
  }
  const grid =
    input.lat !== undefined && input.lng !== undefined ? await findGridAt(db, input.lat, input.lng) : null;
  const unitId = grid?.unitId ?? input.unitId;
  if (!unitId) {
    await requireCategory(db, input.categoryKey);
    throw new AppError('GRID_EVENT_NO_PLACE');
  }
  const [row] = await db.select(facts).from(units).where(eq(units.id, unitId));
  if (row) return { grid, ...row };
  await requireCategory(db, input.categoryKey);
  throw new AppError('CASE_UNIT_NOT_FOUND');
}

async function existingByKey(
  db: Db,
  reporterKey: string,
  idempotencyKey: string,
): Promise<{ row: CaseRow; unitPath: string } | null> {
  const [found] = await db
    .select({ row: cases, unitPath: units.path })
    .from(gridEvents)
    .innerJoin(cases, eq(cases.id, gridEvents.caseId))
    .innerJoin(units, eq(units.id, cases.unitId))
    .where(and(eq(gridEvents.reporterKey, reporterKey), eq(gridEvents.idempotencyKey, idempotencyKey)));
  return found ?? null;
}

/** A grid worker reports only in their own grids; anyone else needs grid.report over the grid's unit. */
function checkReporter(actor: Actor, { grid, unit, ownGrids }: Place) {
  if (!pathInScope(actor.scopeFor('grid.report'), unit.path)) {
    if (grid) throw new AppError('GRID_NOT_FOUND');
    throw new AppError('CASE_UNIT_NOT_FOUND');
  }
  if (!grid) return;
  // A grid worker reports in their own grids only; staff without grids report anywhere in scope.
  const own = ownGrids ? ownGrids.split(',') : [];
  if (own.length > 0 && !own.includes(grid.id))
    throw new AppError('GRID_EVENT_NOT_ASSIGNED', { params: { grid: grid.name } });
}

/**
 * Files a grid event. `actor` null is a resident (portal, Open311). With an idempotency key, the same
 * key from the same reporter returns the event it created before (`created: false`) and writes
 * nothing, also when two posts race: the unique index decides and the loser reads the winner's event.
 */
export async function createEvent(
  db: Db,
  cipher: FieldCipher,
  actor: Actor | null,
  input: NewGridEvent,
  options: { now?: Date } = {},
): Promise<{ event: CaseRow; created: boolean; unitPath: string }> {
  const reporterKey = actor ? actor.userId : input.source;
  if (input.idempotencyKey) {
    const existing = await existingByKey(db, reporterKey, input.idempotencyKey);
    if (existing) return { event: existing.row, created: false, unitPath: existing.unitPath };
  }
  const place = await placeOf(db, actor, input);
  // Not active, or the table still empty on a new installation: the defaults are written, or 400.
  if (!place.categoryActive) await requireCategory(db, input.categoryKey);
  if (actor) checkReporter(actor, place);
  const { grid, unit } = place;
  const phone = input.reporter?.phone?.trim();
  try {
    const event = await createCase(
      db,
      actor,
      {
        type: GRID_EVENT_TYPE,
        unitId: unit.id,
        title: input.title,
        description: input.description,
        category: input.categoryKey,
        position:
          input.lat !== undefined && input.lng !== undefined ? { lat: input.lat, lng: input.lng } : null,
        submitter: {
          name: input.reporter?.name?.trim() || (actor ? actor.displayName : null),
          index: phone ? cipher.blindIndex(phone) : null,
          contactCipher: phone ? cipher.encrypt(phone) : null,
          contactMasked: phone ? maskPhone(phone) : null,
        },
        details: {
          gridId: grid?.id ?? null,
          gridName: grid?.name ?? null,
          source: input.source,
          ...(input.address && { address: input.address }),
          ...(input.mediaUrl && { mediaUrl: input.mediaUrl }),
        },
        attachmentIds: input.attachmentIds ?? [],
      },
      {
        now: options.now,
        unit,
        alsoInsert: {
          shape: 'grid_events',
          insert: (q, caseId, values) =>
            q.insert(gridEvents).values({
              caseId,
              gridId: values.of(grid?.id ?? null),
              categoryKey: values.of(input.categoryKey),
              source: values.of(input.source),
              reportedBy: values.of(actor?.userId ?? null),
              reporterKey: values.of(reporterKey),
              idempotencyKey: values.of(input.idempotencyKey ?? null),
              occurredAt: values.instant(input.occurredAt ?? null),
            }),
        },
      },
    );
    return { event, created: true, unitPath: unit.path };
  } catch (error) {
    if (input.idempotencyKey && isUniqueViolation(error)) {
      const existing = await existingByKey(db, reporterKey, input.idempotencyKey);
      if (existing) return { event: existing.row, created: false, unitPath: existing.unitPath };
    }
    throw error;
  }
}

export interface EventListQuery {
  state?: string;
  unitId?: string;
  q?: string;
  overdue?: boolean;
  gridId?: string;
  categoryKey?: string;
  mine?: boolean;
  page: number;
  pageSize: number;
}

/** Events the actor may see, with the grid module's filters; `mine` = in my grids or reported by me. */
export async function listEvents(
  db: Db,
  actor: Actor,
  query: EventListQuery,
): Promise<{ items: CaseView[]; total: number }> {
  // The grid filters name the cases from grid_events' indexes, rather than probing each case in scope.
  const where = (values: StatementValues) => {
    const conditions = [
      query.gridId
        ? sql`${cases.id} in (select ge.case_id from grid_events ge where ge.grid_id = ${values.of(query.gridId)})`
        : undefined,
      query.categoryKey
        ? sql`exists (select 1 from grid_events ge where ge.case_id = ${cases.id} and (ge.category_key = ${values.of(query.categoryKey)} or ge.category_key like ${values.of(`${query.categoryKey}.%`)}))`
        : undefined,
      query.mine
        ? (() => {
            const user = values.of(actor.userId);
            return sql`${cases.id} in (select ge.case_id from grid_events ge where ge.reported_by = ${user}
              union select ge.case_id from grid_events ge where ge.grid_id in (
                select gw.grid_id from grid_workers gw join users u on u.person_id = gw.person_id
                where u.id = ${user} and gw.active))`;
          })()
        : undefined,
    ].filter((c) => c !== undefined);
    return conditions.length > 0 ? and(...conditions) : undefined;
  };
  return listCases(db, actor, gridEventType, { ...query, where });
}
