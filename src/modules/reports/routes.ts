import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendXlsx } from '../../platform/excel';
import { contextOf } from '../../platform/http/context';
import { periodLabel } from '../../platform/indicators/period';
import { releaseMemory } from '../../platform/memory';
import {
  evidenceQuery,
  evidenceResult,
  exportQuery,
  figuresQuery,
  figuresResult,
  freezeBody,
  indicatorKeyParams,
  frozenFigure,
  snapshotDetail,
  snapshotEvidenceQuery,
  snapshotDetailQuery,
  snapshotFigureQuery,
  snapshotIdParams,
  snapshotList,
  snapshotListQuery,
  snapshotView,
} from './contract';
import { dashboardRoutes, logFailure } from './dashboardRoutes';
import { dutyReportRoutes } from './dutyReport/routes';
import { moduleNames } from './moduleNames';
import {
  computeFigures,
  type ExportRow,
  exportRowsOf,
  figureEvidence,
  freezeSnapshot,
  getSnapshot,
  snapshotFigure,
  listSnapshots,
  snapshotEvidence,
  snapshotForExport,
} from './service';

const tags = ['reports'];

const exportColumns = [
  { key: 'module', header: '模块', width: 14 },
  { key: 'name', header: '指标', width: 30 },
  { key: 'group', header: '分组', width: 18 },
  { key: 'value', header: '数值', width: 12 },
  { key: 'unit', header: '计量单位', width: 10 },
  { key: 'count', header: '依据记录数', width: 12 },
  { key: 'key', header: '指标标识', width: 28 },
] as const;

function sendFigures(reply: FastifyReply, fileName: string, rows: ExportRow[]) {
  return sendXlsx(reply, {
    fileName,
    sheetName: '指标',
    columns: exportColumns,
    rows: rows as unknown as Array<Record<string, unknown>>,
  });
}

// File names may not carry path separators or characters Windows refuses.
const safeName = (text: string) => text.replace(/[\\/:*?"<>|]/g, '_');
const moduleName = (module: string) => moduleNames[module] ?? module;

/** Routes of the indicator browser (live figures, drill-down, export) and of snapshots. */
export async function reportsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'reports.read' } as const;
  const snapshot = { permission: 'reports.snapshot' } as const;
  await dashboardRoutes(app);
  await dutyReportRoutes(app);

  r.get(
    '/api/reports/indicators',
    {
      config: read,
      schema: {
        tags,
        summary: '计算全部（或指定）指标：一个统计范围、一个期间',
        querystring: figuresQuery,
        response: { 200: figuresResult },
      },
    },
    async (request) => computeFigures(contextOf(request), request.query, logFailure(request.log)),
  );
  r.get(
    '/api/reports/indicators/export',
    {
      config: read,
      schema: { tags, summary: '导出指标表（Excel）', querystring: exportQuery },
    },
    async (request, reply) => {
      const result = await computeFigures(contextOf(request), request.query, logFailure(request.log));
      const scopeName = result.unit?.name ?? '全部授权范围';
      return sendFigures(
        reply,
        safeName(`指标_${scopeName}_${result.periodLabel}.xlsx`),
        exportRowsOf(result.items, moduleName),
      );
    },
  );
  r.get(
    '/api/reports/indicators/:key/evidence',
    {
      config: read,
      schema: {
        tags,
        summary: '指标依据：该数值统计的记录（分页，按查看人的范围）',
        params: indicatorKeyParams,
        querystring: evidenceQuery,
        response: { 200: evidenceResult },
      },
    },
    async (request) => figureEvidence(contextOf(request), request.params.key, request.query),
  );
  r.get(
    '/api/reports/snapshots',
    {
      config: read,
      schema: {
        tags,
        summary: '指标快照列表',
        querystring: snapshotListQuery,
        response: { 200: snapshotList },
      },
    },
    async (request) => listSnapshots(contextOf(request), request.query),
  );
  r.post(
    '/api/reports/snapshots',
    {
      config: snapshot,
      schema: {
        tags,
        summary: '冻结快照：保存全部指标的数值、分组和依据',
        body: freezeBody,
        response: { 200: snapshotView },
      },
    },
    async (request) => {
      const frozen = await freezeSnapshot(contextOf(request), request.body);
      // Every figure was computed with the ids of every record it counted.
      releaseMemory();
      return frozen;
    },
  );
  r.get(
    '/api/reports/snapshots/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '快照详情（冻结的数值；live=true 时附当前实时值）',
        params: snapshotIdParams,
        querystring: snapshotDetailQuery,
        response: { 200: snapshotDetail },
      },
    },
    async (request) =>
      getSnapshot(contextOf(request), request.params.id, {
        live: request.query.live,
        onFailure: logFailure(request.log),
      }),
  );
  r.get(
    '/api/reports/snapshots/:id/figure',
    {
      config: read,
      schema: {
        tags,
        summary: '快照中一项指标的全部分组（live=true 时附当前实时值）',
        params: snapshotIdParams,
        querystring: snapshotFigureQuery,
        response: { 200: frozenFigure },
      },
    },
    async (request) =>
      snapshotFigure(contextOf(request), request.params.id, request.query, logFailure(request.log)),
  );
  r.get(
    '/api/reports/snapshots/:id/evidence',
    {
      config: read,
      schema: {
        tags,
        summary: '快照中指标的依据记录（分页，按查看人的范围）',
        params: snapshotIdParams,
        querystring: snapshotEvidenceQuery,
        response: { 200: evidenceResult },
      },
    },
    async (request) => snapshotEvidence(contextOf(request), request.params.id, request.query),
  );
  r.get(
    '/api/reports/snapshots/:id/export',
    {
      config: read,
      schema: { tags, summary: '导出快照（Excel）', params: snapshotIdParams },
    },
    async (request, reply) => {
      const { snapshot: frozen, figures } = await snapshotForExport(contextOf(request), request.params.id);
      const period = periodLabel({ from: frozen.periodFrom, to: frozen.periodTo });
      return sendFigures(
        reply,
        safeName(`指标快照_${frozen.unitName}_${period}_${frozen.label}.xlsx`),
        exportRowsOf(figures, moduleName),
      );
    },
  );
}
