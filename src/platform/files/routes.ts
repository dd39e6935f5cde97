import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findUnitInScope } from '../../modules/orgs';
import { AppError } from '../errors';
import { contextOf } from '../http/context';
import { anyRoleScope, MAX_FILE_MB, readFile, storeFile } from './service';

export const fileView = z.object({
  id: z.string(),
  unitId: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  isPublic: z.boolean(),
  url: z.string(),
});

const fileParams = z.object({ id: z.uuid({ error: '文件编号格式不正确' }).describe('文件编号') });

function sendFile(reply: FastifyReply, file: { name: string; mime: string; content: Buffer }) {
  // Images and PDFs open inline; the name is sent RFC 5987-encoded so Chinese names survive.
  return reply
    .header('content-type', file.mime)
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, max-age=3600')
    .send(file.content);
}

/** Upload and download of attachments (photos, sign-in sheets, scans). */
export async function fileRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/files',
    {
      // Any logged-in user may upload for a unit inside one of their roles' subtrees; the module that
      // attaches the file checks its own permission on the record.
      config: { authenticated: true },
      schema: {
        tags: ['files'],
        summary: '上传附件（图片或 PDF）',
        consumes: ['multipart/form-data'],
        querystring: z.object({
          unitId: z.uuid({ error: '单位编号格式不正确' }).describe('所属单位'),
          public: z.enum(['true', 'false']).optional().describe('是否公开'),
        }),
        response: { 200: fileView },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await findUnitInScope(ctx.db, anyRoleScope(ctx.actor), request.query.unitId);
      if (!request.isMultipart()) throw new AppError('FILE_MISSING');
      const file = await request.file({ limits: { fileSize: MAX_FILE_MB * 1024 * 1024, files: 1 } });
      if (file?.fieldname !== 'file' || !file.filename) {
        file?.file.resume();
        throw new AppError('FILE_MISSING');
      }
      let content: Buffer;
      try {
        content = await file.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError('FILE_TOO_BIG', { params: { mb: MAX_FILE_MB } });
        }
        throw error;
      }
      if (content.length === 0) throw new AppError('FILE_MISSING');
      const name = path.basename(file.filename.replace(/\\/g, '/')).slice(0, 200);
      return storeFile(ctx.db, ctx.actor, {
        unitId: request.query.unitId,
        name,
        content,
        isPublic: request.query.public === 'true',
      });
    },
  );
  r.get(
    '/api/files/:id',
    {
      config: { authenticated: true },
      schema: { tags: ['files'], summary: '查看附件', params: fileParams },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return sendFile(reply, await readFile(ctx.db, request.params.id, { scope: anyRoleScope(ctx.actor) }));
    },
  );
  r.get(
    '/api/public/files/:id',
    {
      config: { public: true, rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: { tags: ['files'], summary: '查看公开附件（无需登录）', params: fileParams },
    },
    async (request, reply) => {
      return sendFile(
        reply,
        await readFile(request.server.platform.database.db, request.params.id, { publicOnly: true }),
      );
    },
  );
}
