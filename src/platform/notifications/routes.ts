import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuery } from '../../modules/orgs/contract';
import { contextOf } from '../http/context';
import { listNotifications, markRead } from './service';

const notificationView = z.object({
  id: z.string(),
  unitId: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});

const tags = ['notifications'];

/** The logged-in user's inbox: list and mark read. */
export async function notificationRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/notifications',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: '我的提醒（本人的提醒，以及本人有权限的单位的提醒）',
        querystring: z.object({
          unreadOnly: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true')
            .describe('只看未读'),
          ...pageQuery,
        }),
        response: {
          200: z.object({
            items: z.array(notificationView),
            total: z.number(),
            unread: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      return listNotifications(db, actor, request.query);
    },
  );
  r.post(
    '/api/notifications/:id/read',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: '标记提醒为已读',
        params: z.object({ id: z.uuid({ error: '提醒编号格式不正确' }).describe('提醒编号') }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      await markRead(db, actor, request.params.id);
      return { ok: true as const };
    },
  );
}
