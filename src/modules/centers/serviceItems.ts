// The 便民服务事项清单 of each centre: CRUD, order, copy from another centre, and the public view.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import type { Db, DbOrTx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { describeFiles } from '../../platform/files';
import type { RequestContext } from '../../platform/http/context';
import { units } from '../orgs';
import type { PublicCenterView, ServiceItemInput, ServiceItemView, UpdateServiceItemInput } from './contract';
import { centerServiceItems, serviceCenters } from './schema';
import { findCenterInScope } from './service';

type ItemRow = typeof centerServiceItems.$inferSelect;

/** The API shape of a service item. */
export function itemView(row: ItemRow): ServiceItemView {
  return {
    id: row.id,
    name: row.name,
    department: row.department,
    eligibility: row.eligibility,
    materials: row.materials,
    timeLimitDays: row.timeLimitDays,
    timeLimitKind: row.timeLimitKind as ServiceItemView['timeLimitKind'],
    fee: row.fee,
    channels: row.channels as ServiceItemView['channels'],
    contactPhone: row.contactPhone,
    sortOrder: row.sortOrder,
    published: row.published,
  };
}

/** The live (not removed) items of a centre in list order. */
export async function liveItems(db: DbOrTx, centerId: string): Promise<ItemRow[]> {
  return db
    .select()
    .from(centerServiceItems)
    .where(and(eq(centerServiceItems.centerId, centerId), isNull(centerServiceItems.removedAt)))
    .orderBy(asc(centerServiceItems.sortOrder), asc(centerServiceItems.createdAt));
}

/** A centre's items, optionally searched by name or department. */
export async function listItems(
  ctx: RequestContext,
  centerId: string,
  q?: string,
): Promise<ServiceItemView[]> {
  const centre = await findCenterInScope(ctx.db, ctx.scope, centerId);
  const rows = await liveItems(ctx.db, centre.id);
  const needle = q?.toLowerCase();
  return rows
    .filter((row) => !needle || `${row.name}${row.department}`.toLowerCase().includes(needle))
    .map(itemView);
}

async function assertNameFree(db: DbOrTx, centerId: string, name: string, exceptId?: string): Promise<void> {
  const [clash] = await db
    .select({ id: centerServiceItems.id })
    .from(centerServiceItems)
    .where(
      and(
        eq(centerServiceItems.centerId, centerId),
        eq(centerServiceItems.name, name),
        isNull(centerServiceItems.removedAt),
        exceptId ? sql`${centerServiceItems.id} <> ${exceptId}` : undefined,
      ),
    )
    .limit(1);
  if (clash) throw new AppError('CENTERS_ITEM_DUPLICATE', { params: { name } });
}

async function nextSortOrder(db: DbOrTx, centerId: string): Promise<number> {
  const [row] = await db
    .select({ max: sql<number | null>`max(${centerServiceItems.sortOrder})` })
    .from(centerServiceItems)
    .where(and(eq(centerServiceItems.centerId, centerId), isNull(centerServiceItems.removedAt)));
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

/** Column values of an item from validated input (shared by the form, the import and the copy). */
export function itemValues(input: ServiceItemInput) {
  return {
    name: input.name,
    department: input.department,
    eligibility: input.eligibility,
    materials: input.materials,
    timeLimitDays: input.timeLimitDays ?? null,
    timeLimitKind: input.timeLimitKind,
    fee: input.fee || '免费',
    channels: [...new Set(input.channels)],
    contactPhone: input.contactPhone,
    published: input.published,
  };
}

/** Adds an item at the end of a centre's list. */
export async function createItem(
  ctx: RequestContext,
  centerId: string,
  input: ServiceItemInput,
): Promise<ServiceItemView> {
  return ctx.db.transaction(async (tx) => {
    const centre = await findCenterInScope(tx, ctx.scope, centerId);
    await assertNameFree(tx, centre.id, input.name);
    const [row] = await tx
      .insert(centerServiceItems)
      .values({ ...itemValues(input), centerId: centre.id, sortOrder: await nextSortOrder(tx, centre.id) })
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'centerServiceItem',
      entityId: row!.id,
      action: 'create',
      after: row,
    });
    return itemView(row!);
  });
}

async function findItem(db: DbOrTx, centerId: string, itemId: string): Promise<ItemRow> {
  const [row] = await db
    .select()
    .from(centerServiceItems)
    .where(
      and(
        eq(centerServiceItems.id, itemId),
        eq(centerServiceItems.centerId, centerId),
        isNull(centerServiceItems.removedAt),
      ),
    );
  if (!row) throw new AppError('CENTERS_ITEM_NOT_FOUND');
  return row;
}

/** Edits one item of a centre. */
export async function updateItem(
  ctx: RequestContext,
  centerId: string,
  itemId: string,
  input: UpdateServiceItemInput,
): Promise<ServiceItemView> {
  return ctx.db.transaction(async (tx) => {
    const centre = await findCenterInScope(tx, ctx.scope, centerId);
    const before = await findItem(tx, centre.id, itemId);
    if (input.name !== undefined && input.name !== before.name)
      await assertNameFree(tx, centre.id, input.name, itemId);
    const changes = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.department !== undefined && { department: input.department }),
      ...(input.eligibility !== undefined && { eligibility: input.eligibility }),
      ...(input.materials !== undefined && { materials: input.materials }),
      ...(input.timeLimitDays !== undefined && { timeLimitDays: input.timeLimitDays }),
      ...(input.timeLimitKind !== undefined && { timeLimitKind: input.timeLimitKind }),
      ...(input.fee !== undefined && { fee: input.fee || '免费' }),
      ...(input.channels !== undefined && { channels: [...new Set(input.channels)] }),
      ...(input.contactPhone !== undefined && { contactPhone: input.contactPhone }),
      ...(input.published !== undefined && { published: input.published }),
      updatedAt: new Date().toISOString(),
    };
    const [after] = await tx
      .update(centerServiceItems)
      .set(changes)
      .where(eq(centerServiceItems.id, itemId))
      .returning();
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'centerServiceItem',
      entityId: itemId,
      action: 'update',
      before,
      after,
    });
    return itemView(after!);
  });
}

/** Removes an item from the list; the row stays (removedAt, removedBy) so past counts can be traced. */
export async function removeItem(ctx: RequestContext, centerId: string, itemId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const centre = await findCenterInScope(tx, ctx.scope, centerId);
    const before = await findItem(tx, centre.id, itemId);
    await tx
      .update(centerServiceItems)
      .set({ removedAt: new Date().toISOString(), removedBy: ctx.actor.userId })
      .where(eq(centerServiceItems.id, itemId));
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'centerServiceItem',
      entityId: itemId,
      action: 'remove',
      before,
    });
  });
}

/** Puts a centre's items in the given order; the list sent must be exactly the current items. */
export async function reorderItems(
  ctx: RequestContext,
  centerId: string,
  ids: string[],
): Promise<ServiceItemView[]> {
  return ctx.db.transaction(async (tx) => {
    const centre = await findCenterInScope(tx, ctx.scope, centerId);
    const current = await liveItems(tx, centre.id);
    const currentIds = new Set(current.map((row) => row.id));
    if (
      ids.length !== current.length ||
      new Set(ids).size !== ids.length ||
      ids.some((id) => !currentIds.has(id))
    )
      throw new AppError('CENTERS_REORDER_MISMATCH');
    // One statement: each id takes its position in the list.
    await tx.execute(sql`
      update center_service_items set sort_order = o.position - 1, updated_at = now()
      from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) with ordinality as o(id, position)
      where center_service_items.id = o.id::uuid`);
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'serviceCenter',
      entityId: centre.id,
      action: 'reorderItems',
      before: current.map((row) => row.id),
      after: ids,
    });
    return (await liveItems(tx, centre.id)).map(itemView);
  });
}

/**
 * Copies another centre's items (in the actor's read scope) to the end of this centre's list; items
 * whose name this centre already has are skipped, so copying twice adds nothing.
 */
export async function copyItems(
  ctx: RequestContext,
  readScope: RequestContext['scope'],
  centerId: string,
  fromCenterId: string,
): Promise<{ copied: number; skipped: number }> {
  if (centerId === fromCenterId) throw new AppError('CENTERS_COPY_SAME');
  return ctx.db.transaction(async (tx) => {
    const centre = await findCenterInScope(tx, ctx.scope, centerId);
    const source = await findCenterInScope(tx, readScope, fromCenterId);
    const [have, from] = await Promise.all([liveItems(tx, centre.id), liveItems(tx, source.id)]);
    const names = new Set(have.map((row) => row.name));
    const fresh = from.filter((row) => !names.has(row.name));
    let sortOrder = await nextSortOrder(tx, centre.id);
    if (fresh.length > 0) {
      const rows = await tx
        .insert(centerServiceItems)
        .values(
          fresh.map((row) => ({
            centerId: centre.id,
            name: row.name,
            department: row.department,
            eligibility: row.eligibility,
            materials: row.materials,
            timeLimitDays: row.timeLimitDays,
            timeLimitKind: row.timeLimitKind,
            fee: row.fee,
            channels: row.channels,
            contactPhone: row.contactPhone,
            published: row.published,
            sortOrder: sortOrder++,
          })),
        )
        .returning({ id: centerServiceItems.id });
      await recordAudit(
        tx,
        auditActorOf(ctx.actor),
        rows.map((row) => ({
          entity: 'centerServiceItem',
          entityId: row.id,
          action: 'copy',
          after: { centerId: centre.id, fromCenterId: source.id },
        })),
      );
    }
    return { copied: fresh.length, skipped: from.length - fresh.length };
  });
}

/**
 * The public service page of a centre (no login): published items only, staff phones only where
 * marked public, public photos only. Unknown ids and suspended centres answer 404.
 */
export async function getPublicCenter(db: Db, id: string): Promise<PublicCenterView> {
  const [row] = await db
    .select({ center: serviceCenters, unitName: units.name })
    .from(serviceCenters)
    .innerJoin(units, eq(units.id, serviceCenters.unitId))
    .where(
      and(eq(serviceCenters.id, id), sql`${serviceCenters.status} <> 'suspended'`, eq(units.active, true)),
    );
  if (!row) throw new AppError('NOT_FOUND');
  const centre = row.center;
  const items = (await liveItems(db, centre.id)).filter((item) => item.published);
  const photos = (await describeFiles(db, centre.photoIds)).filter((file) => file.isPublic);
  return {
    id: centre.id,
    name: centre.name,
    unitName: row.unitName,
    address: centre.address,
    openingHours: centre.openingHours,
    rooms: centre.rooms,
    staff: centre.staff.map((s) => ({
      name: s.name,
      role: s.role,
      phone: s.phonePublic ? s.phone || null : null,
    })),
    photos: photos.map((file) => ({ id: file.id, name: file.name, url: file.url })),
    items: items.map((item) => {
      const { sortOrder: _sortOrder, published: _published, ...view } = itemView(item);
      return view;
    }),
  };
}
