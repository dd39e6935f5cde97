// Request and response schemas of the voice (三问) routes, shared by server and web.
import { z } from 'zod';
import { caseView } from '../../platform/cases';
import { voiceKindKeys } from './type';

const uuid = (name: string) => z.uuid({ error: `${name}格式不正确` }).describe(name);

export const voiceKind = z.enum(voiceKindKeys, { error: '类型须为问计、问需或问政' }).describe('类型');

export const voiceItemParams = z.object({ id: uuid('事项编号') });
export const voiceFileParams = z.object({ id: uuid('事项编号'), fileId: uuid('附件编号') });

export const listVoiceQuery = z.object({
  kind: voiceKind.optional(),
  state: z.string().max(40).optional().describe('状态'),
  unitId: uuid('单位').optional(),
  q: z.string().trim().max(100).optional().describe('关键词'),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('是否超期'),
  page: z.coerce.number().int().min(1).default(1).describe('页码'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).describe('每页条数'),
});
export type ListVoiceQuery = z.infer<typeof listVoiceQuery>;

export const voiceItemView = caseView.extend({
  kind: z.string(),
  kindName: z.string(),
  unitName: z.string(),
  consentToPublish: z.boolean(),
  published: z.boolean(),
});
export type VoiceItemJson = z.infer<typeof voiceItemView>;

export const voiceItemsPage = z.object({ items: z.array(voiceItemView), total: z.number() });

export const voiceActionBody = z.object({
  action: z.string().min(1).max(40).describe('操作'),
  expectedVersion: z.number().int().min(1).describe('版本号'),
  note: z.string().trim().max(2000).nullish().describe('说明'),
  attachmentIds: z.array(uuid('附件编号')).max(20).optional().describe('附件'),
  unitId: uuid('承办单位').nullish(),
});
export type VoiceActionBody = z.infer<typeof voiceActionBody>;

export const publicationView = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: z.string(),
  kindName: z.string(),
  title: z.string(),
  question: z.string(),
  reply: z.string(),
  unitName: z.string(),
  publishedAt: z.string(),
  withdrawn: z.boolean(),
});
export type PublicationJson = z.infer<typeof publicationView>;

export const publicationsPage = z.object({ items: z.array(publicationView), total: z.number() });

export const listPublicationsQuery = z.object({
  kind: voiceKind.optional(),
  q: z.string().trim().max(100).optional().describe('关键词'),
  page: z.coerce.number().int().min(1).default(1).describe('页码'),
  pageSize: z.coerce.number().int().min(1).max(50).default(10).describe('每页条数'),
});
export type ListPublicationsQuery = z.infer<typeof listPublicationsQuery>;

export const publishBody = z.object({
  title: z.string().trim().min(1, '请填写公开标题').max(200).optional().describe('公开标题'),
  question: z.string().trim().min(1, '请填写公开的问题内容').max(4000).optional().describe('公开的问题'),
  reply: z.string().trim().min(1, '请填写公开的答复内容').max(4000).optional().describe('公开的答复'),
});
export type PublishBody = z.infer<typeof publishBody>;

export const voiceEventView = z.object({
  id: z.string(),
  action: z.string(),
  actionName: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  actorName: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
  attachmentIds: z.array(z.string()),
  payload: z.record(z.string(), z.unknown()),
});

export const voiceItemDetail = z.object({
  item: voiceItemView,
  events: z.array(voiceEventView),
  actions: z.array(z.object({ action: z.string(), name: z.string(), requires: z.array(z.string()) })),
  canPublish: z.boolean(),
  publication: publicationView.nullable(),
  /** For 退回: the unit that routed the item, which gets it back. */
  routedFromUnitName: z.string().nullable(),
});
export type VoiceItemDetailJson = z.infer<typeof voiceItemDetail>;
