import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importJobView, templateRoute } from '../../platform/excel';
import { contextOf } from '../../platform/http/context';
import {
  assessmentView,
  centerAssessmentsView,
  centerDetail,
  centerIdParams,
  centersPage,
  copyItemsBody,
  copyResult,
  createAssessmentBody,
  createCenterBody,
  createServiceItemBody,
  createStandardBody,
  exportCentersQuery,
  itemParams,
  listCentersQuery,
  listServiceItemsQuery,
  publicCenterView,
  qrView,
  reorderItemsBody,
  serviceItemView,
  standardIdParams,
  standardView,
  updateCenterBody,
  updateServiceItemBody,
  updateStandardBody,
} from './contract';
import { exportCenters, exportServiceItems, serviceItemImport, uploadServiceItems } from './excel';
import { publicBaseUrl, publicPageUrl, qrSvg } from './publicLink';
import { createCenter, findCenterInScope, getCenter, listCenters, updateCenter } from './service';
import {
  copyItems,
  createItem,
  getPublicCenter,
  listItems,
  removeItem,
  reorderItems,
  updateItem,
} from './serviceItems';
import {
  createAssessment,
  createStandard,
  getCenterAssessments,
  listStandards,
  updateStandard,
} from './standards';

const tags = ['centers'];

/** Requests per minute and client address that the public service page API answers. */
export const PUBLIC_RATE_LIMIT = 120;

/** HTTP routes of the centers module. */
export async function centersRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'centers.read' } as const;
  const write = { permission: 'centers.write' } as const;
  const configure = { permission: 'centers.configure' } as const;

  // ---- public (no login) ----
  r.get(
    '/api/public/centers/:id',
    {
      config: { public: true, rateLimit: { max: PUBLIC_RATE_LIMIT, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '服务中心公开页：便民服务事项（无需登录）',
        params: centerIdParams,
        response: { 200: publicCenterView },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return getPublicCenter(app.platform.database.db, request.params.id);
    },
  );

  // ---- centres ----
  r.get(
    '/api/centers',
    {
      config: read,
      schema: {
        tags,
        summary: '服务中心列表',
        querystring: listCentersQuery,
        response: { 200: centersPage },
      },
    },
    async (request) => listCenters(contextOf(request), request.query),
  );
  r.get(
    '/api/centers/export',
    {
      config: read,
      schema: { tags, summary: '按当前筛选导出服务中心（Excel）', querystring: exportCentersQuery },
    },
    async (request, reply) => exportCenters(contextOf(request), request.query, reply),
  );
  r.post(
    '/api/centers',
    {
      config: write,
      schema: { tags, summary: '新建服务中心', body: createCenterBody, response: { 200: centerDetail } },
    },
    async (request) => createCenter(contextOf(request), request.body),
  );

  // ---- standards (static paths before /:id) ----
  r.get(
    '/api/centers/standards',
    {
      config: read,
      schema: { tags, summary: '服务中心标准清单', response: { 200: z.array(standardView) } },
    },
    async (request) => listStandards(contextOf(request)),
  );
  r.post(
    '/api/centers/standards',
    {
      config: configure,
      schema: { tags, summary: '新建标准清单', body: createStandardBody, response: { 200: standardView } },
    },
    async (request) => createStandard(contextOf(request), request.body),
  );
  r.put(
    '/api/centers/standards/:standardId',
    {
      config: configure,
      schema: {
        tags,
        summary: '修改标准清单（名称、适用类型、条目）',
        params: standardIdParams,
        body: updateStandardBody,
        response: { 200: standardView },
      },
    },
    async (request) => updateStandard(contextOf(request), request.params.standardId, request.body),
  );
  templateRoute(app, { url: '/api/centers/items/import/template', def: serviceItemImport });

  r.get(
    '/api/centers/:id',
    {
      config: read,
      schema: { tags, summary: '服务中心详情', params: centerIdParams, response: { 200: centerDetail } },
    },
    async (request) => getCenter(contextOf(request), request.params.id),
  );
  r.patch(
    '/api/centers/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改服务中心',
        params: centerIdParams,
        body: updateCenterBody,
        response: { 200: centerDetail },
      },
    },
    async (request) => updateCenter(contextOf(request), request.params.id, request.body),
  );
  r.get(
    '/api/centers/:id/qr',
    {
      config: read,
      schema: {
        tags,
        summary: '服务中心公开页二维码（SVG）和地址',
        params: centerIdParams,
        response: { 200: qrView },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const centre = await findCenterInScope(ctx.db, ctx.scope, request.params.id);
      const url = publicPageUrl(await publicBaseUrl(ctx.db, request), centre.id);
      return { url, svg: await qrSvg(url) };
    },
  );

  // ---- assessments ----
  r.get(
    '/api/centers/:id/assessments',
    {
      config: read,
      schema: {
        tags,
        summary: '服务中心标准评估（各标准最新评估和历史）',
        params: centerIdParams,
        response: { 200: centerAssessmentsView },
      },
    },
    async (request) => getCenterAssessments(contextOf(request), request.params.id),
  );
  r.post(
    '/api/centers/:id/assessments',
    {
      config: write,
      schema: {
        tags,
        summary: '逐条评估服务中心',
        params: centerIdParams,
        body: createAssessmentBody,
        response: { 200: assessmentView },
      },
    },
    async (request) => createAssessment(contextOf(request), request.params.id, request.body),
  );

  // ---- service items ----
  r.get(
    '/api/centers/:id/items',
    {
      config: read,
      schema: {
        tags,
        summary: '便民服务事项清单',
        params: centerIdParams,
        querystring: listServiceItemsQuery,
        response: { 200: z.array(serviceItemView) },
      },
    },
    async (request) => listItems(contextOf(request), request.params.id, request.query.q),
  );
  r.get(
    '/api/centers/:id/items/export',
    {
      config: read,
      schema: { tags, summary: '导出便民服务事项（Excel，可修改后导入）', params: centerIdParams },
    },
    async (request, reply) => exportServiceItems(contextOf(request), request.params.id, reply),
  );
  r.post(
    '/api/centers/:id/items/import',
    {
      config: write,
      schema: {
        tags,
        summary: '上传便民服务事项导入文件',
        consumes: ['multipart/form-data'],
        params: centerIdParams,
        response: { 200: importJobView },
      },
    },
    async (request) => uploadServiceItems(contextOf(request), request.params.id, request),
  );
  r.post(
    '/api/centers/:id/items',
    {
      config: write,
      schema: {
        tags,
        summary: '新增便民服务事项',
        params: centerIdParams,
        body: createServiceItemBody,
        response: { 200: serviceItemView },
      },
    },
    async (request) => createItem(contextOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/centers/:id/items/reorder',
    {
      config: write,
      schema: {
        tags,
        summary: '调整便民服务事项顺序',
        params: centerIdParams,
        body: reorderItemsBody,
        response: { 200: z.array(serviceItemView) },
      },
    },
    async (request) => reorderItems(contextOf(request), request.params.id, request.body.ids),
  );
  r.post(
    '/api/centers/:id/items/copy',
    {
      config: write,
      schema: {
        tags,
        summary: '从其他服务中心复制事项清单',
        params: centerIdParams,
        body: copyItemsBody,
        response: { 200: copyResult },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return copyItems(ctx, ctx.actor.scopeFor('centers.read'), request.params.id, request.body.fromCenterId);
    },
  );
  r.patch(
    '/api/centers/:id/items/:itemId',
    {
      config: write,
      schema: {
        tags,
        summary: '修改便民服务事项',
        params: itemParams,
        body: updateServiceItemBody,
        response: { 200: serviceItemView },
      },
    },
    async (request) => updateItem(contextOf(request), request.params.id, request.params.itemId, request.body),
  );
  r.delete(
    '/api/centers/:id/items/:itemId',
    {
      config: write,
      schema: { tags, summary: '移除便民服务事项', params: itemParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await removeItem(contextOf(request), request.params.id, request.params.itemId);
      return reply.status(204).send(null);
    },
  );
}
