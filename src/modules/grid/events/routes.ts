// HTTP routes of grid events beyond report / list / the engine's: the Excel export of the list (same
// filters and scope) and the event settings.
import { inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../../platform/auth/actor';
import type { Db } from '../../../platform/db';
import { sendXlsx } from '../../../platform/excel/export';
import { contextOf } from '../../../platform/http/context';
import { todayInChina } from '../../../platform/time';
import { units } from '../../orgs';
import { listEventsQuery } from '../contract';
import { categoryTree } from './categories';
import { type EventListQuery, listEvents } from './service';
import { gridEventSettings, saveGridEventSettings } from './settings';

const tags = ['grid'];
const EXPORT_PAGE = 500;

const settingsView = z.object({
  reportWithinHours: z
    .number({ error: '请填写上报时限（小时）' })
    .int({ error: '上报时限应为整数小时' })
    .min(1, { error: '上报时限至少 1 小时' })
    .max(720, { error: '上报时限不能超过 720 小时' }),
  closeUnratedAfterDays: z
    .number({ error: '请填写评价期（天）' })
    .int({ error: '评价期应为整数天' })
    .min(1, { error: '评价期至少 1 天' })
    .max(90, { error: '评价期不能超过 90 天' }),
});

const columns = [
  { key: 'code', header: '查询码', width: 16 },
  { key: 'title', header: '事件标题', width: 30 },
  { key: 'category', header: '事件分类', width: 20 },
  { key: 'grid', header: '所在网格', width: 16 },
  { key: 'unit', header: '当前承办单位', width: 20 },
  { key: 'state', header: '状态', width: 10 },
  { key: 'overdue', header: '是否超期', width: 10 },
  { key: 'escalation', header: '升级级别', width: 10 },
  { key: 'createdAt', header: '上报时间', width: 18 },
  { key: 'acceptedAt', header: '受理时间', width: 18 },
  { key: 'closeBy', header: '办结时限', width: 18 },
  { key: 'closedAt', header: '办结时间', width: 18 },
  { key: 'rating', header: '群众评价（分）', width: 12 },
] as const;

/** Every event matching the list's filters, page by page, as export rows. */
async function* exportRows(db: Db, actor: Actor, query: Omit<EventListQuery, 'page' | 'pageSize'>) {
  const names = new Map(
    (await categoryTree(db)).flatMap((top) => [
      [top.key, top.name] as const,
      ...top.children.map((c) => [c.key, `${top.name}/${c.name}`] as const),
    ]),
  );
  for (let page = 1; ; page++) {
    const { items } = await listEvents(db, actor, { ...query, page, pageSize: EXPORT_PAGE });
    if (items.length === 0) return;
    const unitIds = [...new Set(items.map((e) => e.unitId))];
    const unitNames = new Map(
      (await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, unitIds))).map(
        (u) => [u.id, u.name],
      ),
    );
    for (const event of items)
      yield {
        code: event.code,
        title: event.title,
        category: names.get(event.category ?? '') ?? event.category,
        grid: (event.details.gridName as string | null) ?? '',
        unit: unitNames.get(event.unitId) ?? '',
        state: event.stateName,
        overdue: event.overdue ? '超期' : '',
        escalation: event.escalationLevel || null,
        createdAt: event.createdAt,
        acceptedAt: event.acceptedAt,
        closeBy: event.closeBy,
        closedAt: event.closedAt,
        rating: event.rating,
      };
    if (items.length < EXPORT_PAGE) return;
  }
}

/** `/api/grid/events/export` and `/api/grid/event-settings`. */
export async function gridEventRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/grid/events/export',
    {
      config: { permission: 'grid.read' },
      schema: {
        tags,
        summary: '导出网格事件（Excel，与列表相同的筛选条件）',
        querystring: listEventsQuery.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => {
      const { db, actor } = contextOf(request);
      return sendXlsx(reply, {
        fileName: `网格事件-${todayInChina()}.xlsx`,
        sheetName: '网格事件',
        columns,
        rows: exportRows(db, actor, request.query),
      });
    },
  );
  r.get(
    '/api/grid/event-settings',
    {
      config: { permission: 'grid.read' },
      schema: { tags, summary: '事件设置（上报时限、评价期）', response: { 200: settingsView } },
    },
    async (request) => gridEventSettings(contextOf(request).db),
  );
  r.put(
    '/api/grid/event-settings',
    {
      config: { permission: 'grid.configure' },
      schema: { tags, summary: '修改事件设置', body: settingsView, response: { 200: settingsView } },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      return saveGridEventSettings(db, actor, request.body);
    },
  );
}
