import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http/context';
import {
  childrenQuery,
  createUnitBody,
  deactivateUnitBody,
  moveUnitBody,
  searchQuery,
  searchResult,
  unitDetail,
  unitIdParams,
  unitTypeView,
  unitView,
  updateUnitBody,
} from './contract';
import { exportUnits, registerUnitImport } from './excel';
import {
  createUnit,
  deactivateUnit,
  getUnit,
  listChildren,
  listRoots,
  moveUnit,
  reactivateUnit,
  searchUnits,
  updateUnit,
} from './service';
import { unitTypes } from './unitTypes';

const tags = ['orgs'];

/** Routes of the organisation tree. */
export async function orgsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'orgs.read' } as const;
  const write = { permission: 'orgs.write' } as const;

  r.get(
    '/api/orgs/types',
    { config: read, schema: { tags, summary: '单位类型', response: { 200: z.array(unitTypeView) } } },
    async () => unitTypes.map(({ key, name, category }) => ({ key, name, category })),
  );
  r.get(
    '/api/orgs/roots',
    { config: read, schema: { tags, summary: '授权范围内的顶层单位', response: { 200: z.array(unitView) } } },
    async (request) => listRoots(contextOf(request)),
  );
  r.get(
    '/api/orgs/search',
    {
      config: read,
      schema: {
        tags,
        summary: '搜索单位（名称、拼音、代码）',
        querystring: searchQuery,
        response: { 200: searchResult },
      },
    },
    async (request) => searchUnits(contextOf(request), request.query),
  );
  r.get(
    '/api/orgs/export',
    {
      config: read,
      schema: {
        tags,
        summary: '按当前筛选导出单位（Excel）',
        querystring: searchQuery.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => exportUnits(contextOf(request), request.query, reply),
  );
  registerUnitImport(app);
  r.get(
    '/api/orgs/:id',
    {
      config: read,
      schema: { tags, summary: '单位详情', params: unitIdParams, response: { 200: unitDetail } },
    },
    async (request) => getUnit(contextOf(request), request.params.id),
  );
  r.get(
    '/api/orgs/:id/children',
    {
      config: read,
      schema: {
        tags,
        summary: '下级单位（树懒加载）',
        params: unitIdParams,
        querystring: childrenQuery,
        response: { 200: z.array(unitView) },
      },
    },
    async (request) => listChildren(contextOf(request), request.params.id, request.query),
  );
  r.post(
    '/api/orgs',
    {
      config: write,
      schema: { tags, summary: '新建单位', body: createUnitBody, response: { 200: unitDetail } },
    },
    async (request) => createUnit(contextOf(request), request.body),
  );
  r.patch(
    '/api/orgs/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改单位',
        params: unitIdParams,
        body: updateUnitBody,
        response: { 200: unitDetail },
      },
    },
    async (request) => updateUnit(contextOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/orgs/:id/move',
    {
      config: write,
      schema: {
        tags,
        summary: '移动单位及其下级',
        params: unitIdParams,
        body: moveUnitBody,
        response: { 200: unitDetail },
      },
    },
    async (request) => moveUnit(contextOf(request), request.params.id, request.body.newParentId),
  );
  r.post(
    '/api/orgs/:id/deactivate',
    {
      config: write,
      schema: {
        tags,
        summary: '停用单位',
        params: unitIdParams,
        body: deactivateUnitBody,
        response: { 200: unitDetail },
      },
    },
    async (request) => deactivateUnit(contextOf(request), request.params.id, request.body.reason),
  );
  r.post(
    '/api/orgs/:id/reactivate',
    {
      config: write,
      schema: { tags, summary: '启用单位', params: unitIdParams, response: { 200: unitDetail } },
    },
    async (request) => reactivateUnit(contextOf(request), request.params.id),
  );
}
