// Request and response schemas of the resident portal (/api/portal/...), shared by server and web.
import { z } from 'zod';
import { voiceKind } from '../voice';

const uuid = (name: string) => z.uuid({ error: `${name}格式不正确` }).describe(name);

export const captchaView = z.object({
  id: z.string(),
  /** data: URL of the SVG picture. */
  image: z.string(),
});

const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, { error: '请填写 11 位手机号码（用于查询办理进度）' })
  .describe('手机号码');

const position = {
  lat: z.number().min(-90).max(90).optional().describe('纬度'),
  lng: z.number().min(-180).max(180).optional().describe('经度'),
  areaUnitId: uuid('所在苏木镇或嘎查').optional(),
};

const common = {
  captchaId: uuid('验证码'),
  captchaAnswer: z.string().trim().min(1, { error: '请输入验证码' }).max(10).describe('验证码'),
  name: z.string().trim().max(40, { error: '姓名最多 40 个字' }).optional().describe('姓名'),
  phone,
  photoIds: z.array(uuid('照片')).max(5, { error: '最多上传 5 张照片' }).default([]).describe('照片'),
  ...position,
};

export const submitVoiceBody = z.object({
  ...common,
  kind: voiceKind,
  title: z
    .string()
    .trim()
    .min(2, { error: '请用一句话写明事项（至少 2 个字）' })
    .max(60, { error: '标题最多 60 个字' }),
  content: z
    .string()
    .trim()
    .min(5, { error: '请写明具体内容（至少 5 个字）' })
    .max(2000, { error: '内容最多 2000 个字' }),
  consentToPublish: z.boolean().default(false).describe('同意公开答复'),
});
export type SubmitVoiceBody = z.infer<typeof submitVoiceBody>;

export const submitEventBody = z.object({
  ...common,
  categoryKey: z.string().trim().min(1, { error: '请选择事件类别' }).max(80),
  title: z
    .string()
    .trim()
    .min(2, { error: '请用一句话写明事件（至少 2 个字）' })
    .max(60, { error: '标题最多 60 个字' }),
  description: z
    .string()
    .trim()
    .min(5, { error: '请写明事件经过和地点（至少 5 个字）' })
    .max(2000, { error: '内容最多 2000 个字' }),
});
export type SubmitEventBody = z.infer<typeof submitEventBody>;

export const submittedView = z.object({ code: z.string(), kindName: z.string() });

export const photoView = z.object({ id: z.string(), name: z.string(), size: z.number() });

export const trackParams = z.object({ code: z.string().trim().min(1).max(20).describe('查询码') });
export const trackQuery = z.object({
  last4: z
    .string()
    .trim()
    .regex(/^\d{4}$/, { error: '请填写提交时所留手机号的后 4 位' })
    .describe('手机号后四位'),
});

export const trackedView = z.object({
  code: z.string(),
  typeName: z.string(),
  kindName: z.string(),
  title: z.string(),
  description: z.string(),
  state: z.string(),
  stateName: z.string(),
  createdAt: z.string(),
  replyBy: z.string().nullable(),
  unitName: z.string(),
  version: z.number(),
  photoCount: z.number(),
  rating: z.number().nullable(),
  canRate: z.boolean(),
  ratingReasons: z.array(z.object({ code: z.string(), name: z.string() })),
  notSolvedCode: z.string().nullable(),
  timeline: z.array(
    z.object({ at: z.string(), actionName: z.string(), unitName: z.string(), note: z.string().nullable() }),
  ),
});
export type TrackedJson = z.infer<typeof trackedView>;

export const rateBody = z.object({
  last4: trackQuery.shape.last4,
  expectedVersion: z.number().int().min(1),
  score: z.number().int().min(1, { error: '请选择 1 到 5 星' }).max(5, { error: '请选择 1 到 5 星' }),
  reasons: z.array(z.string().max(40)).max(10).default([]),
  comment: z.string().trim().max(1000, { error: '评价内容最多 1000 个字' }).optional(),
});

export const areaView = z.object({
  id: z.string(),
  name: z.string(),
  children: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const centerEntryView = z.object({
  id: z.string(),
  name: z.string(),
  unitName: z.string(),
  townshipName: z.string().nullable(),
  address: z.string(),
  openingHours: z.string(),
});

export const portalInfoView = z.object({
  eventsAvailable: z.boolean(),
  maxPhotos: z.number(),
  photoMaxMb: z.number(),
});

export const eventCategoryView = z.object({ key: z.string(), name: z.string() });
