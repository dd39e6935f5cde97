import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findUnitInScope } from '../../modules/orgs';
import { AppError } from '../errors';
import { contextOf } from '../http/context';
import { isoDate } from '../http/schemas';
import { scopeOf } from '../scope';
import { todayInChina } from '../time';
import { yearOf } from './period';
import { findIndicator, listIndicators } from './registry';

const computeQuery = z
  .object({
    unitId: z.uuid({ error: '单位编号格式不正确' }).optional().describe('统计范围（单位）'),
    from: isoDate.optional().describe('开始日期'),
    to: isoDate.optional().describe('结束日期（不含）'),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { error: '开始日期应早于结束日期', path: ['to'] });

/** Lists indicators and computes one for a scope (a unit's subtree) and a period. */
export async function indicatorRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { permission: 'indicators.read' } as const;
  r.get(
    '/api/indicators',
    {
      config,
      schema: {
        tags: ['indicators'],
        summary: '已登记的指标',
        response: {
          200: z.array(z.object({ key: z.string(), name: z.string(), unit: z.string(), module: z.string() })),
        },
      },
    },
    async () => listIndicators().map(({ key, name, unit, module }) => ({ key, name, unit, module })),
  );
  r.get(
    '/api/indicators/:key',
    {
      config,
      schema: {
        tags: ['indicators'],
        summary: '计算指标',
        params: z.object({ key: z.string().max(100) }),
        querystring: computeQuery,
        response: {
          200: z.object({
            key: z.string(),
            name: z.string(),
            unit: z.string(),
            value: z.number().nullable(),
            period: z.object({ from: z.string(), to: z.string() }),
            evidence: z.object({ entity: z.string(), ids: z.array(z.string()), count: z.number() }),
            breakdown: z
              .array(
                z.object({
                  key: z.string(),
                  label: z.string(),
                  value: z.number().nullable(),
                  evidence: z.object({ entity: z.string(), ids: z.array(z.string()), count: z.number() }),
                }),
              )
              .optional(),
          }),
        },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const definition = findIndicator(request.params.key);
      if (!definition) throw new AppError('INDICATOR_NOT_FOUND', { params: { key: request.params.key } });
      const scope = request.query.unitId
        ? scopeOf([(await findUnitInScope(ctx.db, ctx.scope, request.query.unitId)).path])
        : ctx.scope;
      // The default is the current calendar year in China, whatever the server's time zone.
      const year = yearOf(todayInChina());
      const period = { from: request.query.from ?? year.from, to: request.query.to ?? year.to };
      const result = await definition.compute({ db: ctx.db, scope, period });
      return {
        key: definition.key,
        name: definition.name,
        unit: definition.unit,
        value: result.value,
        period,
        evidence: { ...result.evidence, count: result.evidence.ids.length },
        breakdown: result.breakdown?.map((group) => ({
          ...group,
          evidence: { ...group.evidence, count: group.evidence.ids.length },
        })),
      };
    },
  );
}
