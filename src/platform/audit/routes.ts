import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuery } from '../../modules/orgs/contract';
import { auditActorOf } from '../auth/service';
import { contextOf } from '../http/context';
import { isoDate } from '../http/schemas';
import { releaseMemory } from '../memory';
import { escapeLike } from '../scope';
import { verifyAuditLog } from './sealer';
import { auditLog } from './schema';
import { recordAudit } from './writer';

const searchQuery = z.object({
  q: z.string().trim().max(100).optional().describe('关键字'),
  actor: z.string().trim().max(50).optional().describe('操作人'),
  entity: z.string().trim().max(50).optional().describe('对象类型'),
  action: z.string().trim().max(50).optional().describe('操作'),
  from: isoDate.optional().describe('开始时间'),
  to: isoDate.optional().describe('结束时间'),
  ...pageQuery,
});

const entryView = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  entity: z.string(),
  entityId: z.string().nullable(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

/** Audit administrators search the log and verify its hash chain; nothing here can change it. */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: '查询审计日志',
        querystring: searchQuery,
        response: {
          200: z.object({
            items: z.array(entryView),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const { db } = contextOf(request);
      const q = request.query;
      const conditions = [
        q.actor ? sql`${auditLog.actorName} like ${`%${escapeLike(q.actor)}%`}` : undefined,
        q.entity ? eq(auditLog.entity, q.entity) : undefined,
        q.action ? sql`${auditLog.action} like ${`${escapeLike(q.action)}%`}` : undefined,
        q.from ? gte(auditLog.at, q.from) : undefined,
        q.to ? lt(auditLog.at, sql`(${q.to}::date + 1)`) : undefined,
        q.q
          ? sql`(${auditLog.entityId} = ${q.q} or ${auditLog.after}::text like ${`%${escapeLike(q.q)}%`} or ${auditLog.before}::text like ${`%${escapeLike(q.q)}%`})`
          : undefined,
      ];
      const where = and(...conditions);
      const [{ total } = { total: 0 }] = await db
        .select({ total: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(where);
      const rows = await db
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return {
        items: rows.map(({ txid: _txid, ...row }) => ({ ...row, at: new Date(row.at).toISOString() })),
        total: Number(total),
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  );
  r.post(
    '/api/audit/verify',
    {
      config: { permission: 'audit.verify' },
      schema: {
        tags: ['audit'],
        summary: '校验审计日志哈希链',
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number(),
            pending: z.number(),
            brokenAt: z.number().nullable(),
            reason: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      const result = await verifyAuditLog(db);
      await recordAudit(db, auditActorOf(actor), { entity: 'audit', action: 'verify', after: result });
      // Every row of the log has passed through the heap: millions at league scale.
      releaseMemory();
      return result;
    },
  );
}
