import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../../platform/http/context';
import {
  coBuildingBody,
  coBuildingDetail,
  coBuildingItemBody,
  coBuildingItemParams,
  coBuildingPage,
  coBuildingParams,
  listCoBuildingQuery,
  updateCoBuildingBody,
  updateCoBuildingItemBody,
} from './contract';
import {
  addCoBuildingItem,
  createCoBuilding,
  getCoBuilding,
  listCoBuilding,
  removeCoBuildingItem,
  updateCoBuilding,
  updateCoBuildingItem,
} from './service';

const tags = ['grid'];

/** Routes of co-building units (共驻共建) and their needs, resources and projects. */
export async function coBuildingRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'grid.read' } as const;
  const write = { permission: 'grid.write' } as const;
  const base = '/api/grid/co-building-units';

  r.get(
    base,
    {
      config: read,
      schema: {
        tags,
        summary: '共驻共建单位列表',
        querystring: listCoBuildingQuery,
        response: { 200: coBuildingPage },
      },
    },
    async (request) => listCoBuilding(contextOf(request), request.query),
  );
  r.get(
    `${base}/:id`,
    {
      config: read,
      schema: {
        tags,
        summary: '共建单位详情及需求、资源、项目清单',
        params: coBuildingParams,
        response: { 200: coBuildingDetail },
      },
    },
    async (request) => getCoBuilding(contextOf(request), request.params.id),
  );
  r.post(
    base,
    {
      config: write,
      schema: { tags, summary: '登记共建单位', body: coBuildingBody, response: { 201: coBuildingDetail } },
    },
    async (request, reply) => reply.code(201).send(await createCoBuilding(contextOf(request), request.body)),
  );
  r.patch(
    `${base}/:id`,
    {
      config: write,
      schema: {
        tags,
        summary: '修改共建单位及结对',
        params: coBuildingParams,
        body: updateCoBuildingBody,
        response: { 200: coBuildingDetail },
      },
    },
    async (request) => updateCoBuilding(contextOf(request), request.params.id, request.body),
  );
  r.post(
    `${base}/:id/items`,
    {
      config: write,
      schema: {
        tags,
        summary: '新增需求、资源或项目',
        params: coBuildingParams,
        body: coBuildingItemBody,
        response: { 201: coBuildingDetail },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addCoBuildingItem(contextOf(request), request.params.id, request.body)),
  );
  r.patch(
    `${base}/:id/items/:itemId`,
    {
      config: write,
      schema: {
        tags,
        summary: '修改清单事项或项目进度',
        params: coBuildingItemParams,
        body: updateCoBuildingItemBody,
        response: { 200: coBuildingDetail },
      },
    },
    async (request) =>
      updateCoBuildingItem(contextOf(request), request.params.id, request.params.itemId, request.body),
  );
  r.delete(
    `${base}/:id/items/:itemId`,
    {
      config: write,
      schema: {
        tags,
        summary: '删除清单事项（保留记录）',
        params: coBuildingItemParams,
        response: { 200: coBuildingDetail },
      },
    },
    async (request) => removeCoBuildingItem(contextOf(request), request.params.id, request.params.itemId),
  );
}
