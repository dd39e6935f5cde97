import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../errors';
import { contextOf } from '../http/context';
import { getSetting } from '../settings/service';
import { importJobParams, importJobView, importPreviewQuery, importPreviewResponse } from './contract';
import { type ImportDefinition, registerImport } from './definition';
import { sendXlsxBuffer } from './export';
import { commitImport, getImportJob, getImportPreview, startImport } from './jobs';
import { buildTemplate } from './template';

/** Largest accepted upload; about 200,000 plain rows. */
export const MAX_UPLOAD_MB = 50;

/** The generic job routes: progress, preview and commit of the actor's own import jobs. */
export async function importRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Any logged-in user may ask; the service answers only for the actor's own job and the import's permission.
  r.get(
    '/api/imports/:id',
    {
      config: { authenticated: true },
      schema: {
        tags: ['imports'],
        summary: '导入任务进度',
        params: importJobParams,
        response: { 200: importJobView },
      },
    },
    async (request) => getImportJob({ ctx: contextOf(request), jobId: request.params.id }),
  );

  r.get(
    '/api/imports/:id/preview',
    {
      config: { authenticated: true },
      schema: {
        tags: ['imports'],
        summary: '预览导入数据',
        params: importJobParams,
        querystring: importPreviewQuery,
        response: { 200: importPreviewResponse },
      },
    },
    async (request) =>
      getImportPreview({ ctx: contextOf(request), jobId: request.params.id, ...request.query }),
  );

  r.post(
    '/api/imports/:id/commit',
    {
      config: { authenticated: true },
      schema: {
        tags: ['imports'],
        summary: '确认导入',
        params: importJobParams,
        response: { 200: importJobView },
      },
    },
    async (request) => commitImport({ ctx: contextOf(request), jobId: request.params.id }),
  );
}

/** Mounts GET `url`: the import's .xlsx template, for holders of the import's permission. */
export function templateRoute(
  app: FastifyInstance,
  { url, def }: { url: string; def: ImportDefinition },
): void {
  registerImport(def);
  app.get(
    url,
    {
      config: { permission: def.permission },
      schema: { tags: ['imports'], summary: `下载${def.title}模板` },
    },
    async (_request, reply) => {
      const maxRows = def.maxRows ?? (await getSetting(app.platform.database.db, 'import.maxRows'));
      return sendXlsxBuffer(reply, `${def.title}模板.xlsx`, await buildTemplate(def, { maxRows }));
    },
  );
}

/**
 * Mounts POST `url` (multipart, field `file`, .xlsx only): starts an import job and answers at once
 * with the job in status 'validating'.
 */
export function uploadRoute(
  app: FastifyInstance,
  { url, def }: { url: string; def: ImportDefinition },
): void {
  registerImport(def);
  app.withTypeProvider<ZodTypeProvider>().post(
    url,
    {
      config: { permission: def.permission },
      schema: {
        tags: ['imports'],
        summary: `上传${def.title}文件`,
        consumes: ['multipart/form-data'],
        response: { 200: importJobView },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw new AppError('IMPORT_NO_FILE');
      const file = await request.file({ limits: { fileSize: MAX_UPLOAD_MB * 1024 * 1024, files: 1 } });
      if (file?.fieldname !== 'file' || !file.filename) {
        file?.file.resume();
        throw new AppError('IMPORT_NO_FILE');
      }
      if (!/\.xlsx$/i.test(file.filename)) {
        file.file.resume();
        throw new AppError('IMPORT_BAD_FILE');
      }
      let buffer: Buffer;
      try {
        buffer = await file.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError('IMPORT_FILE_TOO_BIG', { params: { mb: MAX_UPLOAD_MB } });
        }
        throw error;
      }
      if (buffer.length === 0) throw new AppError('IMPORT_NO_FILE');
      // An .xlsx file is a zip archive; anything else (old .xls, renamed .csv) is refused at once.
      if (buffer.length < 4 || buffer.readUInt32LE(0) !== 0x04034b50) throw new AppError('IMPORT_BAD_FILE');
      const fileName = path.basename(file.filename.replace(/\\/g, '/'));
      return startImport({ ctx: contextOf(request), def, fileName, buffer });
    },
  );
}
