import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../../platform/http/context';
import { todayInChina } from '../../../platform/time';
import {
  coverageQuery,
  coverageView,
  createPatrolBody,
  listPatrolsQuery,
  patrolParams,
  patrolsPage,
  patrolView,
} from './contract';
import { getPatrol, listPatrols, patrolCoverage, recordPatrol } from './service';

const tags = ['grid'];

/** Routes of patrols: the phone app's upload, the patrol log and coverage. */
export async function patrolRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'grid.read' } as const;

  r.post(
    '/api/grid/patrols',
    {
      config: { permission: 'grid.patrol' },
      schema: {
        tags,
        summary: '上传巡查记录（同一幂等键重复上传返回已保存的记录，200）',
        body: createPatrolBody,
        response: { 200: patrolView, 201: patrolView },
      },
    },
    async (request, reply) => {
      const { patrol, created } = await recordPatrol(contextOf(request), request.body);
      return reply.code(created ? 201 : 200).send(patrol);
    },
  );
  r.get(
    '/api/grid/patrols',
    {
      config: read,
      schema: { tags, summary: '巡查记录', querystring: listPatrolsQuery, response: { 200: patrolsPage } },
    },
    async (request) => listPatrols(contextOf(request), request.query),
  );
  r.get(
    '/api/grid/patrols/coverage',
    {
      config: read,
      schema: {
        tags,
        summary: '各网格巡查覆盖（期内有巡查的周数）',
        querystring: coverageQuery.partial({ from: true, to: true }),
        response: { 200: coverageView },
      },
    },
    async (request) => {
      const { db, scope } = contextOf(request);
      const to = request.query.to ?? todayInChina();
      const from = request.query.from ?? `${to.slice(0, 4)}-01-01`;
      const { patrolIds: _ids, ...coverage } = await patrolCoverage(db, scope, {
        ...request.query,
        from,
        to,
      });
      return coverage;
    },
  );
  r.get(
    '/api/grid/patrols/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '巡查记录详情（含轨迹）',
        params: patrolParams,
        response: { 200: patrolView },
      },
    },
    async (request) => getPatrol(contextOf(request), request.params.id),
  );
}
