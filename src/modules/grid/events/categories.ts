// The event category tree (事件分类): two levels, edited by staff with grid.configure. The defaults
// below are written the first time the tree is read, so a fresh installation has a usable tree.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth/actor';
import { auditActorOf } from '../../../platform/auth/service';
import { recordAudit } from '../../../platform/audit/writer';
import type { Db, DbOrTx } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { eventCategories } from '../schema';

/**
 * The default tree. `handlingUnitType` is who usually handles a category (a unit type key): 嘎查/社区
 * settle neighbours' disputes themselves, the banner's departments the rest.
 */
export const defaultEventCategories: ReadonlyArray<{
  key: string;
  name: string;
  handlingUnitType: string | null;
  children: [string, string][];
}> = [
  {
    key: 'dispute',
    name: '矛盾纠纷',
    handlingUnitType: 'gacha',
    children: [
      ['dispute.neighbour', '邻里纠纷'],
      ['dispute.family', '婚姻家庭纠纷'],
      ['dispute.land', '土地纠纷'],
      ['dispute.wage', '劳资纠纷'],
    ],
  },
  {
    key: 'safety',
    name: '安全隐患',
    handlingUnitType: 'agency',
    children: [
      ['safety.fire', '消防隐患'],
      ['safety.gas', '燃气安全'],
      ['safety.building', '房屋安全'],
      ['safety.traffic', '交通安全'],
    ],
  },
  {
    key: 'environment',
    name: '环境卫生',
    handlingUnitType: 'agency',
    children: [
      ['environment.garbage', '垃圾堆放'],
      ['environment.sewage', '污水排放'],
      ['environment.livestock', '畜禽粪污'],
    ],
  },
  {
    key: 'infrastructure',
    name: '基础设施',
    handlingUnitType: 'agency',
    children: [
      ['infrastructure.road', '道路桥梁'],
      ['infrastructure.water', '供水设施'],
      ['infrastructure.power', '供电照明'],
    ],
  },
  {
    key: 'livelihood',
    name: '民生服务',
    handlingUnitType: 'agency',
    children: [
      ['livelihood.assistance', '困难救助'],
      ['livelihood.medical', '医疗卫生'],
      ['livelihood.elderly', '养老服务'],
      ['livelihood.education', '教育入学'],
    ],
  },
  {
    key: 'order',
    name: '治安防控',
    handlingUnitType: 'agency',
    children: [
      ['order.suspicious', '可疑人员'],
      ['order.fraud', '电信诈骗'],
    ],
  },
  {
    key: 'pasture',
    name: '草原牧区',
    handlingUnitType: 'agency',
    children: [
      ['pasture.dispute', '草场纠纷'],
      ['pasture.grazingBan', '禁牧休牧'],
      ['pasture.damage', '草原破坏'],
      ['pasture.wildlife', '野生动物'],
    ],
  },
  {
    key: 'other',
    name: '其他',
    handlingUnitType: null,
    children: [
      ['other.advice', '意见建议'],
      ['other.misc', '其他事项'],
    ],
  },
];

export interface EventCategoryLeaf {
  key: string;
  name: string;
  active: boolean;
  handlingUnitType: string | null;
}
export interface EventCategoryNode extends EventCategoryLeaf {
  children: EventCategoryLeaf[];
}

/** Writes the default tree when the table is empty (concurrent first reads insert it once). */
async function ensureDefaults(db: DbOrTx): Promise<void> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(eventCategories);
  if (Number(n) > 0) return;
  const rows = defaultEventCategories.flatMap((top, i) => [
    { key: top.key, parentKey: null, name: top.name, handlingUnitType: top.handlingUnitType, position: i },
    ...top.children.map(([key, name], j) => ({ key, parentKey: top.key, name, position: j })),
  ]);
  await db.insert(eventCategories).values(rows).onConflictDoNothing();
}

/** The category tree, top levels and their children in order. */
export async function categoryTree(db: DbOrTx, { activeOnly = false } = {}): Promise<EventCategoryNode[]> {
  await ensureDefaults(db);
  const rows = await db
    .select()
    .from(eventCategories)
    .where(activeOnly ? eq(eventCategories.active, true) : undefined)
    .orderBy(asc(eventCategories.position), asc(eventCategories.key));
  const leaf = (row: (typeof rows)[number]): EventCategoryLeaf => ({
    key: row.key,
    name: row.name,
    active: row.active,
    handlingUnitType: row.handlingUnitType,
  });
  return rows
    .filter((row) => !row.parentKey)
    .map((top) => ({ ...leaf(top), children: rows.filter((row) => row.parentKey === top.key).map(leaf) }));
}

/** An active category by key, or GRID_EVENT_CATEGORY (400). */
export async function requireCategory(db: DbOrTx, key: string) {
  const find = async () =>
    (
      await db
        .select()
        .from(eventCategories)
        .where(and(eq(eventCategories.key, key), eq(eventCategories.active, true)))
    )[0];
  // Every report comes through here: look the category up first, and write the defaults (which needs
  // a count) only when it is not found — on a new installation, before anyone opened the settings.
  let row = await find();
  if (!row) {
    await ensureDefaults(db);
    row = await find();
  }
  if (!row) throw new AppError('GRID_EVENT_CATEGORY', { params: { key } });
  return row;
}

/** Adds a category (top level, or under an active top-level one). */
export async function createCategory(
  db: Db,
  actor: Actor,
  input: { key: string; name: string; parentKey?: string | null; handlingUnitType?: string | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    await ensureDefaults(tx);
    if (input.parentKey) {
      const parent = await requireCategory(tx, input.parentKey);
      if (parent.parentKey) throw new AppError('GRID_EVENT_CATEGORY', { params: { key: input.parentKey } });
    }
    const [{ position } = { position: 0 }] = await tx
      .select({ position: sql<number>`coalesce(max(${eventCategories.position}) + 1, 0)::int` })
      .from(eventCategories)
      .where(
        input.parentKey
          ? eq(eventCategories.parentKey, input.parentKey)
          : sql`${eventCategories.parentKey} is null`,
      );
    const inserted = await tx
      .insert(eventCategories)
      .values({
        key: input.key,
        name: input.name,
        parentKey: input.parentKey ?? null,
        handlingUnitType: input.handlingUnitType ?? null,
        position,
      })
      .onConflictDoNothing()
      .returning({ key: eventCategories.key });
    if (inserted.length === 0) throw new AppError('GRID_CATEGORY_TAKEN', { params: { key: input.key } });
    await recordAudit(tx, auditActorOf(actor), {
      entity: 'grid_event_category',
      entityId: input.key,
      action: 'create',
      after: input,
    });
  });
}

/** Renames a category or turns it on or off (events keep the key they were filed under). */
export async function updateCategory(
  db: Db,
  actor: Actor,
  key: string,
  patch: { name?: string; active?: boolean; handlingUnitType?: string | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    await ensureDefaults(tx);
    const [before] = await tx.select().from(eventCategories).where(eq(eventCategories.key, key));
    if (!before) throw new AppError('GRID_EVENT_CATEGORY', { params: { key } });
    await tx
      .update(eventCategories)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(eventCategories.key, key));
    await recordAudit(tx, auditActorOf(actor), {
      entity: 'grid_event_category',
      entityId: key,
      action: 'update',
      before: { name: before.name, active: before.active, handlingUnitType: before.handlingUnitType },
      after: patch,
    });
  });
}
