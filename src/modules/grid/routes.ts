import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { caseJson, caseRoutes, presentCase } from '../../platform/cases';
import { contextOf } from '../../platform/http/context';
import {
  assignWorkerBody,
  categoryParams,
  categoryTreeView,
  createCategoryBody,
  createEventBody,
  createGridBody,
  eventsPage,
  gridIdParams,
  gridMapItem,
  gridShape,
  gridsPage,
  gridView,
  importGeoJsonBody,
  listEventsQuery,
  listGridsQuery,
  updateCategoryBody,
  updateGridBody,
  workerParams,
  type GridShape,
} from './contract';
import { caseView } from '../../platform/cases';
import { z } from 'zod';
import { categoryTree, createCategory, updateCategory } from './events/categories';
import { gridEventRoutes } from './events/routes';
import { coBuildingRoutes } from './coBuilding/routes';
import { householdRoutes } from './households/routes';
import { patrolRoutes } from './patrols/routes';
import { createEvent, listEvents } from './events/service';
import { gridEventType } from './events/type';
import { mapSettings, mapSettingsView, saveMapSettings } from './map/settings';
import { open311KeyRoutes, open311Routes } from './open311/routes';
import {
  assignWorker,
  createGrid,
  getGrid,
  gridMap,
  gridShapesJson,
  importGeoJson,
  listGrids,
  myGrids,
  unassignWorker,
  updateGrid,
} from './service';

const tags = ['grid'];

/** HTTP routes of the grid module: grids and their workers, event categories, events. */
export async function gridRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'grid.read' } as const;
  const write = { permission: 'grid.write' } as const;
  const configure = { permission: 'grid.configure' } as const;

  r.get(
    '/api/grid/grids',
    {
      config: read,
      schema: {
        tags,
        summary: '网格列表（含边界，供地图使用）',
        querystring: listGridsQuery,
        response: { 200: gridsPage },
      },
    },
    async (request) => listGrids(contextOf(request), request.query),
  );
  r.get(
    '/api/grid/map',
    {
      config: read,
      schema: {
        tags,
        summary: '网格地图：范围内全部网格的边界及当前在办、超期事件数',
        querystring: z.object({ unitId: z.uuid({ error: '单位格式不正确' }).optional() }),
        response: { 200: z.array(gridMapItem) },
      },
    },
    async (request) => gridMap(contextOf(request), request.query.unitId),
  );
  r.get(
    '/api/grid/shapes',
    {
      config: read,
      schema: {
        tags,
        summary: '网格边界：范围内全部网格的边界（不含事件数，着色取指标值）',
        querystring: z.object({ unitId: z.uuid({ error: '单位格式不正确' }).optional() }),
        response: { 200: z.array(gridShape) },
      },
    },
    // JSON text written by PostgreSQL (gridShapesJson): Fastify sends a string of a JSON type as it is,
    // so the schema above documents the answer without checking and writing it out a second time.
    async (request, reply) => {
      const json = await gridShapesJson(contextOf(request), request.query.unitId);
      return reply.type('application/json; charset=utf-8').send(json as unknown as GridShape[]);
    },
  );
  r.get(
    '/api/grid/map-settings',
    {
      config: read,
      schema: { tags, summary: '地图设置（可选的底图瓦片地址）', response: { 200: mapSettingsView } },
    },
    async (request) => mapSettings(contextOf(request).db),
  );
  r.put(
    '/api/grid/map-settings',
    {
      config: { permission: 'grid.configure' },
      schema: { tags, summary: '修改地图设置', body: mapSettingsView, response: { 200: mapSettingsView } },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      return saveMapSettings(db, actor, request.body);
    },
  );
  r.get(
    '/api/grid/my-grids',
    {
      config: { permission: 'grid.patrol' },
      schema: { tags, summary: '我负责的网格（网格员）', response: { 200: z.array(gridView) } },
    },
    async (request) => myGrids(contextOf(request)),
  );
  r.get(
    '/api/grid/grids/:id',
    {
      config: read,
      schema: { tags, summary: '网格详情', params: gridIdParams, response: { 200: gridView } },
    },
    async (request) => getGrid(contextOf(request), request.params.id),
  );
  r.post(
    '/api/grid/grids',
    {
      config: write,
      schema: { tags, summary: '新建网格', body: createGridBody, response: { 201: gridView } },
    },
    async (request, reply) => reply.code(201).send(await createGrid(contextOf(request), request.body)),
  );
  r.patch(
    '/api/grid/grids/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改网格（名称、编码、原网络编码、边界）',
        params: gridIdParams,
        body: updateGridBody,
        response: { 200: gridView },
      },
    },
    async (request) => updateGrid(contextOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/grid/grids/import-geojson',
    {
      config: write,
      schema: {
        tags,
        summary: '导入 GeoJSON 边界（按编码新建或更新网格）',
        body: importGeoJsonBody,
        response: { 200: z.object({ created: z.number(), updated: z.number() }) },
      },
    },
    async (request) => importGeoJson(contextOf(request), request.body.unitId, request.body.geojson),
  );
  r.post(
    '/api/grid/grids/:id/workers',
    {
      config: write,
      schema: {
        tags,
        summary: '配备网格员',
        params: gridIdParams,
        body: assignWorkerBody,
        response: { 200: gridView },
      },
    },
    async (request) => assignWorker(contextOf(request), request.params.id, request.body),
  );
  r.delete(
    '/api/grid/grids/:id/workers/:workerId',
    {
      config: write,
      schema: { tags, summary: '撤销网格员', params: workerParams, response: { 200: gridView } },
    },
    async (request) => unassignWorker(contextOf(request), request.params.id, request.params.workerId),
  );

  // ---- event categories ----
  r.get(
    '/api/grid/event-categories',
    {
      config: { authenticated: true },
      schema: { tags, summary: '事件分类树', response: { 200: categoryTreeView } },
    },
    async (request) => categoryTree(contextOf(request).db),
  );
  r.post(
    '/api/grid/event-categories',
    { config: configure, schema: { tags, summary: '新增事件分类', body: createCategoryBody } },
    async (request, reply) => {
      const { db, actor } = contextOf(request);
      await createCategory(db, actor, request.body);
      return reply.code(201).send(await categoryTree(db));
    },
  );
  r.patch(
    '/api/grid/event-categories/:key',
    {
      config: configure,
      schema: { tags, summary: '修改或停用事件分类', params: categoryParams, body: updateCategoryBody },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      await updateCategory(db, actor, request.params.key, request.body);
      return categoryTree(db);
    },
  );

  // ---- events ----
  r.get(
    '/api/grid/events',
    {
      config: read,
      schema: { tags, summary: '网格事件列表', querystring: listEventsQuery, response: { 200: eventsPage } },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      const page = await listEvents(db, actor, request.query);
      return { total: page.total, items: page.items.map(caseJson) };
    },
  );
  r.post(
    '/api/grid/events',
    {
      config: { permission: 'grid.report', keepsSessions: true },
      schema: {
        tags,
        summary: '上报网格事件（带幂等键重试时返回同一事件）',
        body: createEventBody,
        response: { 200: caseView, 201: caseView },
      },
    },
    async (request, reply) => {
      const { db, actor, cipher } = contextOf(request);
      const header = request.headers['idempotency-key'];
      const { occurredAt, ...body } = request.body;
      const { event, created, unitPath } = await createEvent(db, cipher, actor, {
        ...body,
        idempotencyKey: body.idempotencyKey ?? (typeof header === 'string' ? header : undefined),
        occurredAt: occurredAt ? new Date(occurredAt) : undefined,
        source: 'gridWorker',
      });
      return reply
        .code(created ? 201 : 200)
        .send(caseJson(presentCase(gridEventType, event, unitPath, actor)));
    },
  );
  await app.register(householdRoutes);
  await app.register(coBuildingRoutes);
  await app.register(patrolRoutes);
  await app.register(gridEventRoutes);
  await app.register(caseRoutes(gridEventType, '/api/grid/events', { list: false }));
  await app.register(open311Routes);
  await app.register(open311KeyRoutes);
}
