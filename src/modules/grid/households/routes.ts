import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../../platform/http/context';
import {
  householdBody,
  householdParams,
  householdsPage,
  householdView,
  listHouseholdsQuery,
  listMemberHouseholdsQuery,
  memberHouseholdBody,
  memberHouseholdParams,
  memberHouseholdView,
  updateHouseholdBody,
  updateMemberHouseholdBody,
} from './contract';
import { exportHouseholds, registerHouseholdImport } from './excel';
import {
  createHousehold,
  createMemberHousehold,
  endMemberHousehold,
  getHousehold,
  listHouseholds,
  listMemberHouseholds,
  removeHousehold,
  updateHousehold,
  updateMemberHousehold,
} from './service';

const tags = ['grid'];

/** Routes of households and 党员中心户 under /api/grid. */
export async function householdRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'grid.read' } as const;
  const write = { permission: 'grid.write' } as const;

  r.get(
    '/api/grid/households',
    {
      config: read,
      schema: {
        tags,
        summary: '住户列表（敏感信息仅对有权限者显示）',
        querystring: listHouseholdsQuery,
        response: { 200: householdsPage },
      },
    },
    async (request) => listHouseholds(contextOf(request), request.query),
  );
  r.get(
    '/api/grid/households/export',
    {
      config: read,
      schema: {
        tags,
        summary: '导出住户 Excel',
        querystring: listHouseholdsQuery.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => exportHouseholds(contextOf(request), request.query, reply),
  );
  registerHouseholdImport(app);
  r.get(
    '/api/grid/households/:id',
    {
      config: read,
      schema: { tags, summary: '住户详情', params: householdParams, response: { 200: householdView } },
    },
    async (request) => getHousehold(contextOf(request), request.params.id),
  );
  r.post(
    '/api/grid/households',
    {
      config: write,
      schema: { tags, summary: '登记住户', body: householdBody, response: { 201: householdView } },
    },
    async (request, reply) => reply.code(201).send(await createHousehold(contextOf(request), request.body)),
  );
  r.patch(
    '/api/grid/households/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改住户',
        params: householdParams,
        body: updateHouseholdBody,
        response: { 200: householdView },
      },
    },
    async (request) => updateHousehold(contextOf(request), request.params.id, request.body),
  );
  r.delete(
    '/api/grid/households/:id',
    { config: write, schema: { tags, summary: '住户迁出（保留记录）', params: householdParams } },
    async (request, reply) => {
      await removeHousehold(contextOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/grid/member-households',
    {
      config: read,
      schema: {
        tags,
        summary: '党员中心户及其联系的住户',
        querystring: listMemberHouseholdsQuery,
        response: { 200: z.array(memberHouseholdView) },
      },
    },
    async (request) => listMemberHouseholds(contextOf(request), request.query),
  );
  r.post(
    '/api/grid/member-households',
    {
      config: write,
      schema: {
        tags,
        summary: '设立党员中心户',
        body: memberHouseholdBody,
        response: { 201: memberHouseholdView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createMemberHousehold(contextOf(request), request.body)),
  );
  r.patch(
    '/api/grid/member-households/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改党员中心户联系的住户',
        params: memberHouseholdParams,
        body: updateMemberHouseholdBody,
        response: { 200: memberHouseholdView },
      },
    },
    async (request) => updateMemberHousehold(contextOf(request), request.params.id, request.body),
  );
  r.delete(
    '/api/grid/member-households/:id',
    { config: write, schema: { tags, summary: '撤销党员中心户', params: memberHouseholdParams } },
    async (request, reply) => {
      await endMemberHousehold(contextOf(request), request.params.id);
      return reply.code(204).send();
    },
  );
}
