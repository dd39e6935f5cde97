import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendXlsx } from '../../platform/excel';
import { contextOf } from '../../platform/http/context';
import {
  createPersonBody,
  listPeopleQuery,
  peoplePage,
  personIdParams,
  personView,
  updatePersonBody,
} from './contract';
import {
  createPerson,
  getPerson,
  listPeople,
  peopleForExport,
  revealIdNumber,
  updatePerson,
} from './service';

const tags = ['people'];

/** Routes of the shared person records. */
export async function peopleRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/people',
    {
      config: { permission: 'people.read' },
      schema: { tags, summary: '人员列表', querystring: listPeopleQuery, response: { 200: peoplePage } },
    },
    async (request) => listPeople(contextOf(request), request.query),
  );
  r.get(
    '/api/people/export',
    {
      config: { permission: 'people.read' },
      schema: {
        tags,
        summary: '按当前筛选导出人员（Excel，身份证号脱敏）',
        querystring: listPeopleQuery.omit({ page: true, pageSize: true }),
      },
    },
    async (request, reply) => {
      const rows = await peopleForExport(contextOf(request), request.query);
      return sendXlsx(reply, {
        fileName: '人员信息.xlsx',
        sheetName: '人员信息',
        columns: [
          { key: 'name', header: '姓名', width: 12 },
          { key: 'gender', header: '性别', width: 6 },
          { key: 'birthDate', header: '出生日期', width: 12 },
          { key: 'ethnicity', header: '民族', width: 10 },
          { key: 'idNumberMasked', header: '身份证号（脱敏）', width: 22 },
          { key: 'phoneMasked', header: '联系电话（脱敏）', width: 16 },
          { key: 'unitName', header: '所属单位', width: 24 },
        ],
        rows: rows.map((p) => ({ ...p, gender: p.gender === 'female' ? '女' : '男' })),
      });
    },
  );
  r.get(
    '/api/people/:id',
    {
      config: { permission: 'people.read' },
      schema: { tags, summary: '人员详情', params: personIdParams, response: { 200: personView } },
    },
    async (request) => getPerson(contextOf(request), request.params.id),
  );
  r.get(
    '/api/people/:id/id-number',
    {
      config: { permission: 'people.readIdNumber' },
      schema: {
        tags,
        summary: '查看完整身份证号（记入审计）',
        params: personIdParams,
        response: { 200: z.object({ idNumber: z.string() }) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return revealIdNumber(contextOf(request), request.params.id);
    },
  );
  r.post(
    '/api/people',
    {
      config: { permission: 'people.write' },
      schema: { tags, summary: '登记人员', body: createPersonBody, response: { 200: personView } },
    },
    async (request) => createPerson(contextOf(request), request.body),
  );
  r.patch(
    '/api/people/:id',
    {
      config: { permission: 'people.write' },
      schema: {
        tags,
        summary: '修改人员信息',
        params: personIdParams,
        body: updatePersonBody,
        response: { 200: personView },
      },
    },
    async (request) => updatePerson(contextOf(request), request.params.id, request.body),
  );
}
