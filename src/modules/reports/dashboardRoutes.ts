import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http/context';
import { computeAttention, computeBoard, computeComparison, computeSeries } from './dashboard';
import {
  attentionQuery,
  attentionResult,
  boardQuery,
  boardResult,
  compareQuery,
  compareResult,
  seriesQuery,
  seriesResult,
} from './dashboardContract';

const tags = ['reports'];

/** What a request's indicator computations call when one fails: logged, the rest still answered. */
export const logFailure = (log: FastifyInstance['log']) => (key: string, error: unknown) =>
  log.error({ err: error, indicator: key }, 'indicator computation failed');

/**
 * Routes of the leaders' dashboard: trends, comparison across child units, attention lists, and the
 * page's figures, comparison and lists in one request.
 */
export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'reports.read' } as const;

  r.get(
    '/api/reports/series',
    {
      config: read,
      schema: {
        tags,
        summary: '趋势：指标在连续多个期间（月、季度、年）的数值，一次计算多个序列',
        querystring: seriesQuery,
        response: { 200: seriesResult },
      },
    },
    async (request) => computeSeries(contextOf(request), request.query, logFailure(request.log)),
  );
  r.get(
    '/api/reports/compare',
    {
      config: read,
      schema: {
        tags,
        summary: '对比：指标在统计范围的各直属下级（苏木镇、嘎查社区）的数值',
        querystring: compareQuery,
        response: { 200: compareResult },
      },
    },
    async (request) => computeComparison(contextOf(request), request.query, logFailure(request.log)),
  );
  r.get(
    '/api/reports/attention',
    {
      config: read,
      schema: {
        tags,
        summary: '需要关注：逾期未开展组织生活、任期届满、应转正预备党员等清单',
        querystring: attentionQuery,
        response: { 200: attentionResult },
      },
    },
    async (request) => computeAttention(contextOf(request), request.query, logFailure(request.log)),
  );
  r.get(
    '/api/reports/dashboard',
    {
      config: read,
      schema: {
        tags,
        summary: '驾驶舱：关键指标、下级对比和需要关注清单一次计算（共同读取的数据只读一次）',
        querystring: boardQuery,
        response: { 200: boardResult },
      },
    },
    async (request) => computeBoard(contextOf(request), request.query, logFailure(request.log)),
  );
}
