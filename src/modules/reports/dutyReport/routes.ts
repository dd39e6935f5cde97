import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../../platform/http/context';
import { evidenceResult } from '../contract';
import {
  createDutyReportBody,
  dutyEvidenceQuery,
  dutyReportDetail,
  dutyReportIdParams,
  dutyReportList,
  dutyReportListQuery,
  docxQuery,
  templateBody,
  templateIdParams,
  templateView,
  textEditsBody,
} from './contract';
import { renderDutyReportDocx } from './docx';
import { convertDocxToPdf } from './pdf';
import {
  createDutyReport,
  draftDutyReport,
  dutyFigureEvidence,
  dutyReportForExport,
  editDutyReportText,
  getDutyReport,
  getTemplate,
  listDutyReports,
  listTemplates,
  lockDutyReport,
  saveTemplate,
} from './service';

const tags = ['reports'];
const safeName = (text: string) => text.replace(/[\\/:*?"<>|]/g, '_');

/**
 * Routes of the duty report composer. Reading needs reports.read; writing (templates, drafting, edits,
 * locking) needs reports.snapshot, the permission that freezes figures — locking freezes a snapshot.
 */
export async function dutyReportRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'reports.read' } as const;
  const write = { permission: 'reports.snapshot' } as const;

  r.get(
    '/api/reports/duty-templates',
    { config: read, schema: { tags, summary: '述职报告模板列表', response: { 200: z.array(templateView) } } },
    async (request) => listTemplates(contextOf(request)),
  );
  r.get(
    '/api/reports/duty-templates/:id',
    {
      config: read,
      schema: { tags, summary: '述职报告模板', params: templateIdParams, response: { 200: templateView } },
    },
    async (request) => getTemplate(contextOf(request), request.params.id),
  );
  r.post(
    '/api/reports/duty-templates',
    {
      config: write,
      schema: { tags, summary: '新建述职报告模板', body: templateBody, response: { 200: templateView } },
    },
    async (request) => saveTemplate(contextOf(request), request.body),
  );
  r.put(
    '/api/reports/duty-templates/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改述职报告模板',
        params: templateIdParams,
        body: templateBody,
        response: { 200: templateView },
      },
    },
    async (request) => saveTemplate(contextOf(request), request.body, request.params.id),
  );
  r.get(
    '/api/reports/duty',
    {
      config: read,
      schema: {
        tags,
        summary: '述职报告列表',
        querystring: dutyReportListQuery,
        response: { 200: dutyReportList },
      },
    },
    async (request) => listDutyReports(contextOf(request), request.query),
  );
  r.post(
    '/api/reports/duty',
    {
      config: write,
      schema: {
        tags,
        summary: '新建述职报告（填写任职情况后自动起草）',
        body: createDutyReportBody,
        response: { 200: dutyReportDetail },
      },
    },
    async (request) => createDutyReport(contextOf(request), request.body),
  );
  r.get(
    '/api/reports/duty/:id',
    {
      config: read,
      schema: { tags, summary: '述职报告', params: dutyReportIdParams, response: { 200: dutyReportDetail } },
    },
    async (request) => getDutyReport(contextOf(request), request.params.id),
  );
  r.post(
    '/api/reports/duty/:id/draft',
    {
      config: write,
      schema: {
        tags,
        summary: '重新起草：刷新全部数据，保留手工修改的文字',
        params: dutyReportIdParams,
        response: { 200: dutyReportDetail },
      },
    },
    async (request) => draftDutyReport(contextOf(request), request.params.id),
  );
  r.patch(
    '/api/reports/duty/:id/text',
    {
      config: write,
      schema: {
        tags,
        summary: '修改报告文字',
        params: dutyReportIdParams,
        body: textEditsBody,
        response: { 200: dutyReportDetail },
      },
    },
    async (request) => editDutyReportText(contextOf(request), request.params.id, request.body.edits),
  );
  r.post(
    '/api/reports/duty/:id/lock',
    {
      config: write,
      schema: {
        tags,
        summary: '锁定报告：冻结指标快照，此后不再变化',
        params: dutyReportIdParams,
        response: { 200: dutyReportDetail },
      },
    },
    async (request) => lockDutyReport(contextOf(request), request.params.id),
  );
  r.get(
    '/api/reports/duty/:id/evidence',
    {
      config: read,
      schema: {
        tags,
        summary: '报告中数据的依据记录（分页，按查看人的范围）',
        params: dutyReportIdParams,
        querystring: dutyEvidenceQuery,
        response: { 200: evidenceResult },
      },
    },
    async (request) => dutyFigureEvidence(contextOf(request), request.params.id, request.query),
  );
  r.get(
    '/api/reports/duty/:id/docx',
    {
      config: read,
      schema: { tags, summary: '导出 Word（公文格式）', params: dutyReportIdParams, querystring: docxQuery },
    },
    async (request, reply) => {
      const { fileName, buffer } = await exportDocx(contextOf(request), request.params.id, request.query);
      return sendDownload(reply, `${fileName}.docx`, DOCX_TYPE, buffer);
    },
  );
  r.get(
    '/api/reports/duty/:id/pdf',
    {
      config: read,
      schema: {
        tags,
        summary: '导出 PDF（由 LibreOffice 从 Word 转换；未安装时返回 503）',
        params: dutyReportIdParams,
        querystring: docxQuery,
      },
    },
    async (request, reply) => {
      const { fileName, buffer } = await exportDocx(contextOf(request), request.params.id, request.query);
      return sendDownload(reply, `${fileName}.pdf`, 'application/pdf', await convertDocxToPdf(buffer));
    },
  );
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The report as a Word document in the government format, with its download name (no extension). */
async function exportDocx(ctx: ReturnType<typeof contextOf>, id: string, query: { keyTable?: string }) {
  const { detail, content } = await dutyReportForExport(ctx, id);
  const buffer = await renderDutyReportDocx(content, {
    author: detail.authorName,
    keyTable: query.keyTable === 'true',
  });
  return { fileName: safeName(`${detail.year}年度述职报告_${detail.authorName}`), buffer };
}

function sendDownload(reply: FastifyReply, fileName: string, type: string, buffer: Buffer) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(buffer);
}
