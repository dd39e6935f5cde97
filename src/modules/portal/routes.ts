// Public routes of the resident portal (/api/portal/...): no login, every one rate-limited per client
// address; submissions also need a captcha and stay within the per-phone and per-address limits.
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { categoryTree } from '../grid/events/categories';
import { listPublications, listPublicationsQuery, publicationsPage } from '../voice';
import { checkCaptcha, issueCaptcha } from './captcha';
import {
  areaView,
  captchaView,
  centerEntryView,
  eventCategoryView,
  photoView,
  portalInfoView,
  rateBody,
  submitEventBody,
  submittedView,
  submitVoiceBody,
  trackedView,
  trackParams,
  trackQuery,
} from './contract';
import { portalLimits } from './limits';
import {
  listAreas,
  listPublicCenters,
  rateCase,
  submitEvent,
  submitVoice,
  trackCase,
  uploadPhoto,
  type Visitor,
} from './service';

const tags = ['portal'];
const perMinute = (max: number) => ({ public: true, rateLimit: { max, timeWindow: '1 minute' } }) as const;

/** Public routes of the resident portal. */
export async function portalRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = () => app.platform.database.db;
  const visitorOf = (request: FastifyRequest): Visitor => ({ ip: request.ip, cipher: app.platform.cipher });

  r.get(
    '/api/portal/info',
    { config: perMinute(120), schema: { tags, summary: '群众端设置', response: { 200: portalInfoView } } },
    async () => {
      const limits = await portalLimits(db());
      return {
        eventsAvailable: true,
        maxPhotos: limits['portal.photosPerSubmission'],
        photoMaxMb: limits['portal.photoMaxMb'],
      };
    },
  );
  r.get(
    '/api/portal/captcha',
    { config: perMinute(30), schema: { tags, summary: '获取图形验证码', response: { 200: captchaView } } },
    async (_request, reply) => {
      const { id, svg } = await issueCaptcha(db());
      reply.header('cache-control', 'no-store');
      return { id, image: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
    },
  );
  r.post(
    '/api/portal/photos',
    {
      config: perMinute(20),
      schema: {
        tags,
        summary: '上传照片（JPG、PNG、WebP，单张不超过 5 MB）',
        consumes: ['multipart/form-data'],
        response: { 200: photoView },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw new AppError('PORTAL_PHOTO_MISSING');
      const maxMb = (await portalLimits(db()))['portal.photoMaxMb'];
      const file = await request.file({ limits: { fileSize: maxMb * 1024 * 1024, files: 1 } });
      if (file?.fieldname !== 'file' || !file.filename) {
        file?.file.resume();
        throw new AppError('PORTAL_PHOTO_MISSING');
      }
      let content: Buffer;
      try {
        content = await file.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          throw new AppError('PORTAL_PHOTO_TOO_BIG', { params: { mb: maxMb } });
        throw error;
      }
      const name = path.basename(file.filename.replace(/\\/g, '/')).slice(0, 200);
      return uploadPhoto(db(), visitorOf(request), { name, content });
    },
  );
  r.post(
    '/api/portal/voice',
    {
      config: perMinute(10),
      schema: {
        tags,
        summary: '提交问计、问需、问政',
        body: submitVoiceBody,
        response: { 200: submittedView },
      },
    },
    async (request) => {
      const { captchaId, captchaAnswer, ...input } = request.body;
      await checkCaptcha(db(), captchaId, captchaAnswer);
      return submitVoice(db(), visitorOf(request), input);
    },
  );
  r.post(
    '/api/portal/events',
    {
      config: perMinute(10),
      schema: { tags, summary: '上报事件', body: submitEventBody, response: { 200: submittedView } },
    },
    async (request) => {
      const { captchaId, captchaAnswer, ...input } = request.body;
      await checkCaptcha(db(), captchaId, captchaAnswer);
      return submitEvent(db(), visitorOf(request), input);
    },
  );
  r.get(
    '/api/portal/event-categories',
    {
      config: perMinute(60),
      schema: { tags, summary: '事件类别', response: { 200: z.array(eventCategoryView) } },
    },
    async () => {
      const tree = await categoryTree(db(), { activeOnly: true });
      return tree.flatMap((top) =>
        top.children.length === 0
          ? [{ key: top.key, name: top.name }]
          : top.children.map((c) => ({ key: c.key, name: `${top.name} · ${c.name}` })),
      );
    },
  );
  r.get(
    '/api/portal/track/:code',
    {
      config: perMinute(30),
      schema: {
        tags,
        summary: '按查询码和手机号后四位查询办理进度',
        params: trackParams,
        querystring: trackQuery,
        response: { 200: trackedView },
      },
    },
    async (request) => trackCase(db(), visitorOf(request), request.params.code, request.query.last4),
  );
  r.post(
    '/api/portal/track/:code/rating',
    {
      config: perMinute(10),
      schema: {
        tags,
        summary: '评价办理结果',
        params: trackParams,
        body: rateBody,
        response: { 200: trackedView },
      },
    },
    async (request) => rateCase(db(), visitorOf(request), request.params.code, request.body),
  );
  r.get(
    '/api/portal/publications',
    {
      config: perMinute(60),
      schema: {
        tags,
        summary: '公开的答复',
        querystring: listPublicationsQuery,
        response: { 200: publicationsPage },
      },
    },
    async (request) => listPublications(db(), null, request.query),
  );
  r.get(
    '/api/portal/areas',
    {
      config: perMinute(60),
      schema: { tags, summary: '苏木镇和嘎查（社区）', response: { 200: z.array(areaView) } },
    },
    async () => listAreas(db()),
  );
  r.get(
    '/api/portal/centers',
    {
      config: perMinute(60),
      schema: {
        tags,
        summary: '党群服务中心（便民服务事项）',
        querystring: z.object({ q: z.string().trim().max(50).optional() }),
        response: { 200: z.array(centerEntryView) },
      },
    },
    async (request) => listPublicCenters(db(), request.query.q),
  );
}
