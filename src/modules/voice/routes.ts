// HTTP routes of the voice (三问) module for staff: list, detail, actions, publishing, attachments.
// The resident side lives in the portal module (/api/portal/...).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerCaseType } from '../../platform/cases';
import { AppError } from '../../platform/errors';
import { contextOf } from '../../platform/http/context';
import {
  listPublicationsQuery,
  listVoiceQuery,
  publicationsPage,
  publishBody,
  voiceActionBody,
  voiceFileParams,
  voiceItemDetail,
  voiceItemParams,
  voiceItemsPage,
} from './contract';
import {
  actOnVoiceItem,
  getVoiceItem,
  listPublications,
  listVoiceItems,
  publishReply,
  readItemFile,
  withdrawPublication,
} from './service';
import { voiceItemType } from './type';

const tags = ['voice'];

/** Staff routes of the voice module. */
export async function voiceRoutes(app: FastifyInstance): Promise<void> {
  registerCaseType(voiceItemType);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = { permission: 'voice.read' } as const;

  r.get(
    '/api/voice/items',
    {
      config: read,
      schema: {
        tags,
        summary: '三问事项列表',
        querystring: listVoiceQuery,
        response: { 200: voiceItemsPage },
      },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      return listVoiceItems(db, actor, request.query);
    },
  );
  r.get(
    '/api/voice/items/:id',
    {
      config: read,
      schema: {
        tags,
        summary: '三问事项详情与办理过程',
        params: voiceItemParams,
        response: { 200: voiceItemDetail },
      },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      return getVoiceItem(db, actor, request.params.id);
    },
  );
  r.post(
    '/api/voice/items/:id/actions',
    {
      // Each action checks its own permission (voice.route, voice.reply) in the case engine.
      config: read,
      schema: {
        tags,
        summary: '三问事项办理（分办、改派、退回、答复、办结等）',
        params: voiceItemParams,
        body: voiceActionBody,
        response: { 200: voiceItemDetail, 204: z.null().describe('事项已移出您的管理范围（如退回、改派）') },
      },
    },
    async (request, reply) => {
      const { db, actor } = contextOf(request);
      await actOnVoiceItem(db, actor, request.params.id, request.body);
      // After 退回 or 改派 the item may have left the actor's reach: done, nothing more to show.
      try {
        return await getVoiceItem(db, actor, request.params.id);
      } catch (error) {
        if (error instanceof AppError && error.code === 'CASE_NOT_FOUND') return reply.code(204).send(null);
        throw error;
      }
    },
  );
  r.post(
    '/api/voice/items/:id/publication',
    {
      config: { permission: 'voice.publish' },
      schema: {
        tags,
        summary: '公开答复（须提交人同意，不公开提交人身份）',
        params: voiceItemParams,
        body: publishBody,
        response: { 200: voiceItemDetail },
      },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      await publishReply(db, actor, request.params.id, request.body);
      return getVoiceItem(db, actor, request.params.id);
    },
  );
  r.delete(
    '/api/voice/items/:id/publication',
    {
      config: { permission: 'voice.publish' },
      schema: {
        tags,
        summary: '撤回公开的答复',
        params: voiceItemParams,
        response: { 200: voiceItemDetail },
      },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      await withdrawPublication(db, actor, request.params.id);
      return getVoiceItem(db, actor, request.params.id);
    },
  );
  r.get(
    '/api/voice/items/:id/files/:fileId',
    {
      config: read,
      schema: { tags, summary: '查看三问事项的附件', params: voiceFileParams },
    },
    async (request, reply) => {
      const { db, actor } = contextOf(request);
      const file = await readItemFile(db, actor, request.params.id, request.params.fileId);
      return reply
        .header('content-type', file.mime)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=3600')
        .send(file.content);
    },
  );
  r.get(
    '/api/voice/publications',
    {
      config: read,
      schema: {
        tags,
        summary: '已公开的答复',
        querystring: listPublicationsQuery,
        response: { 200: publicationsPage },
      },
    },
    async (request) => {
      const { db, scope } = contextOf(request);
      return listPublications(db, scope, request.query);
    },
  );
}
